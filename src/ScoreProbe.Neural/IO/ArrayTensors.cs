using ScoreProbe.Core.IO;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.IO;

/// <summary>Tensors to and from <see cref="NpyArray"/> (float32 on the way out, element type kept on the way in).</summary>
public static class ArrayTensors
{
    public static NpyArray ToArray(Tensor tensor)
    {
        using var values = tensor.detach().to(ScalarType.Float32).contiguous();
        return NpyArray.FromSingles(values.shape, values.data<float>().ToArray());
    }

    /// <summary>The array as a float32 tensor of its shape.</summary>
    public static Tensor ToTensor(NpyArray array) => tensor(array.ToSingles()).reshape(array.Shape.ToArray());
}
