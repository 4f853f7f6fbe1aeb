using ScoreProbe.Core;
using ScoreProbe.Neural.Models;

namespace ScoreProbe.Neural.Training;

/// <summary>
/// Up-front estimate of the memory one training step needs, so that a batch or an image size the machine cannot hold is
/// refused with the fix before any work instead of ending in libtorch's allocator (which terminates the process).
/// </summary>
/// <remarks>
/// The estimate counts, per example, the activations autograd keeps for the backward pass, walking the network as it is
/// built: a resnet block at resolution r keeps about <c>r^2 (3 c_in + 4 c_out)</c> floats (norm, SiLU and convolution
/// inputs of both halves, and its output), a self-attention block over <c>n = r^2</c> positions about
/// <c>8 c n + 2 h n^2</c> (normalised input, q, k, v, the attended and projected maps, and the <c>h</c> score matrices
/// before and after the softmax, with heads of 8 channels as in the presets), and the resampling layers their inputs
/// and outputs, 4 bytes a float. Against the measured growth of the peak resident memory over one step (docs/neural.md)
/// it is within a factor 0.6 to 1.2 for unet-small at 16x16 and 64x64, unet-small32 and unet-paper: good enough to refuse
/// a request that cannot fit, not to plan one that nearly does. Parameters, gradients and AdamW moments (at most a few
/// hundred MB for the presets) are not included.
/// </remarks>
public static class TrainingMemory
{
    private const int AssumedHeadDimension = 8;

    /// <summary>Estimated bytes of activation memory one example adds to a training step of <paramref name="model"/>.</summary>
    public static double BytesPerExample(ModelConfig model) => 4 * model switch
    {
        UNetConfig unet => UNetFloats(unet),
        MlpConfig mlp => MlpFloats(mlp),
        _ => 0,
    };

    /// <summary>
    /// Throws <see cref="InvalidConfigurationException"/> when a step of <paramref name="config"/> needs more than
    /// <paramref name="availableBytes"/> (by default what the runtime reports as available to this process), naming the
    /// largest batch that fits, or the data when not even one example fits.
    /// </summary>
    public static void EnsureFits(TrainingConfig config, long? availableBytes = null)
    {
        var available = availableBytes ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        var perExample = BytesPerExample(config.Model);
        var needed = perExample * config.BatchSize;
        if (needed <= available) return;
        var largest = (long)Math.Floor(available / perExample);
        if (largest >= 1)
            throw new InvalidConfigurationException("batch-size",
                $"{config.BatchSize} needs about {Gib(needed)} of activation memory for {config.ModelName} ({Mib(perExample)} per example) " +
                $"and {Gib(available)} is available; use a batch of at most {largest}");
        throw new InvalidConfigurationException("data",
            $"'{config.Data}' gives examples of shape [{string.Join(", ", config.Model.SampleShape)}], and one of them needs about {Gib(perExample)} " +
            $"of activation memory in {config.ModelName} while {Gib(available)} is available; use smaller examples (a U-Net preset adopts the data's image size)");
    }

    private static string Gib(double bytes) => $"{bytes / (1L << 30):0.##} GiB";

    private static string Mib(double bytes) => $"{bytes / (1L << 20):0.##} MiB";

    private static double Resnet(double inChannels, double outChannels, double side) => side * side * (3 * inChannels + 4 * outChannels);

    private static double Attention(double channels, double side)
    {
        var positions = side * side;
        var heads = Math.Max(1, channels / AssumedHeadDimension);
        return 8 * channels * positions + 2 * heads * positions * positions;
    }

    private static double UNetFloats(UNetConfig config)
    {
        var channels = config.BlockOutChannels;
        double side = config.SampleSize;
        // Input, noise target and prediction, conv_in's output.
        var floats = 3.0 * config.InChannels * side * side + channels[0] * side * side;
        var skips = new Stack<(double Channels, double Side)>();
        skips.Push((channels[0], side));
        var running = (double)channels[0];
        for (var level = 0; level < channels.Count; level++)
        {
            for (var layer = 0; layer < config.LayersPerBlock; layer++)
            {
                floats += Resnet(running, channels[level], side);
                running = channels[level];
                if (config.DownBlockTypes[level] == UNetConfig.AttnDownBlock) floats += Attention(running, side);
                skips.Push((running, side));
            }
            if (level == channels.Count - 1) continue;
            side /= 2;
            floats += running * side * side;
            skips.Push((running, side));
        }
        floats += 2 * Resnet(running, running, side) + Attention(running, side);
        for (var level = 0; level < channels.Count; level++)
        {
            var outChannels = channels[channels.Count - 1 - level];
            for (var layer = 0; layer <= config.LayersPerBlock && skips.Count > 0; layer++)
            {
                var skip = skips.Pop();
                floats += (running + skip.Channels) * side * side + Resnet(running + skip.Channels, outChannels, side);
                running = outChannels;
                if (config.UpBlockTypes[level] == UNetConfig.AttnUpBlock) floats += Attention(running, side);
            }
            if (level == channels.Count - 1) continue;
            floats += running * side * side + 2 * running * 4 * side * side;
            side *= 2;
        }
        return floats + 3 * channels[0] * side * side;
    }

    private static double MlpFloats(MlpConfig config) =>
        4.0 * config.Dimension + 3.0 * config.TimeEmbeddingDimension + config.Depth * 4.0 * config.Width + 2.0 * config.Width;
}
