using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Data;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.IO;

/// <summary>
/// A set of samples on disk, read into model space: a folder of PNG images (pixels 0..255 to [-1, 1]), a .npy array or
/// the first array of a .npz (<c>N x C x H x W</c> images or <c>N x D</c> vectors). uint8 arrays are pixels (0..255 to
/// [-1, 1]); float arrays are taken as they are, in model space, unless <c>unitRange</c> says they lie in [0, 1]
/// (then <c>2x - 1</c>).
/// </summary>
public static class SampleSet
{
    /// <param name="path">PNG folder, .npy or .npz.</param>
    /// <param name="parameter">The engine parameter that named the path (for messages).</param>
    /// <param name="unitRange">Float arrays hold values in [0, 1] rather than model space.</param>
    public static Tensor Read(string path, string parameter, bool unitRange = false)
    {
        if (Directory.Exists(path))
        {
            var images = ImageFolder.Load(path);
            return images.Images.alias();
        }
        var array = path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase)
            ? NpzFile.Read(path).Values.FirstOrDefault() ?? throw new InvalidConfigurationException(parameter, $"{path} holds no arrays")
            : path.EndsWith(".npy", StringComparison.OrdinalIgnoreCase)
                ? NpyFile.Read(path)
                : throw new InvalidConfigurationException(parameter, $"'{path}' is neither a folder of PNG images nor a .npy/.npz array");
        return FromArray(array, path, parameter, unitRange);
    }

    /// <summary>Samples in model space from an array (rules above); a wrong rank or element type is one line naming the file.</summary>
    public static Tensor FromArray(NpyArray array, string path, string parameter, bool unitRange)
    {
        if (array.Shape.Count is not (2 or 4) || array.Shape[0] < 1)
            throw new InvalidConfigurationException(parameter, $"{path} has shape {array.ShapeText}; samples must be N x C x H x W images or N x D vectors");
        if (array.DataType == NpyDataType.UInt8)
        {
            using var pixels = ArrayTensors.ToTensor(array);
            return pixels.div(127.5).sub_(1);
        }
        if (!array.DataType.IsFloatingPoint())
            throw new InvalidConfigurationException(parameter, $"{path} holds {array.DataType} values; samples must be uint8 pixels (0..255) or float32/float64");
        var values = ArrayTensors.ToTensor(array);
        using var finite = values.isfinite().all();
        if (!finite.item<bool>()) throw new InvalidConfigurationException(parameter, $"{path} holds NaN or infinite values");
        if (!unitRange) return values;
        using var _ = values;
        return ImageTransforms.ToModelRange(values);
    }
}
