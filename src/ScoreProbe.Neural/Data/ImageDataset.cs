using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>
/// A finite set of images held in memory as one <c>[N, C, H, W]</c> tensor in [-1, 1]; batches are drawn uniformly with
/// replacement, so batch k of a training run depends only on the generator of step k.
/// </summary>
public sealed class ImageDataset : IDataset, IDisposable
{
    public ImageDataset(string name, Tensor images, IReadOnlyList<int>? labels = null)
    {
        if (images.dim() != 4) throw new ArgumentException($"images must be [N, C, H, W] (got {images.dim()} dims)");
        Name = name;
        Images = images;
        Labels = labels;
    }

    public string Name { get; }

    /// <summary>All images, <c>[N, C, H, W]</c>, values in [-1, 1].</summary>
    public Tensor Images { get; }

    /// <summary>Class labels when the source has them (MNIST digits), else null.</summary>
    public IReadOnlyList<int>? Labels { get; }

    public long Count => Images.shape[0];

    public long[] SampleShape => Images.shape[1..];

    public Tensor Sample(int batchSize, Generator generator)
    {
        NativeLoader.EnsureLoaded();
        using var index = randint(0, Count, [batchSize], generator: generator);
        return Images.index_select(0, index);
    }

    public void Dispose() => Images.Dispose();
}
