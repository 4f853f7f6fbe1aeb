using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>A source of training examples for a noise-prediction network, already in model space (images in [-1, 1]).</summary>
public interface IDataset
{
    /// <summary>Short identifier written into run records, e.g. <c>mnist16</c> or <c>gaussian2</c>.</summary>
    string Name { get; }

    /// <summary>Shape of one example: <c>[d]</c> for vectors, <c>[C, H, W]</c> for images.</summary>
    long[] SampleShape { get; }

    /// <summary>
    /// Draws <paramref name="batchSize"/> examples using only <paramref name="generator"/> for randomness, so a seeded
    /// generator gives a reproducible (and, per training step, resumable) data order.
    /// </summary>
    Tensor Sample(int batchSize, Generator generator);
}
