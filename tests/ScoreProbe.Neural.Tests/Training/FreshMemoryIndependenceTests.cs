using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Tests.Native;
using ScoreProbe.Neural.Training;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>
/// A U-Net training run gives the same weights bit for bit whether libtorch's fresh memory starts as zeros or as NaN
/// patterns: no kernel on the training path reads memory it did not write.
/// </summary>
/// <remarks>
/// Regression for "same seed, different result" (issue 14): oneDNN's backward-data kernel for <c>conv_out</c> read
/// uninitialised memory, so whenever the allocator handed it a block holding a NaN pattern (which depended on what else
/// the process had freed, and so on timing) the gradients and then every weight became NaN.
/// </remarks>
[Collection(nameof(ProcessWideNativeStateCollection))]
public class FreshMemoryIndependenceTests
{
    private static float[][] TrainTwoSteps(FreshMemoryFill.Pattern pattern)
    {
        using var fill = new FreshMemoryFill(pattern);
        using var generator = new Generator(5);
        using var data = new ImageDataset("synthetic", rand([64, 1, 16, 16], generator: generator).mul(2).sub(1));
        var config = new TrainingConfig
        {
            Data = "synthetic", ModelName = "unet-small", Model = ModelPresets.Create("unet-small", [1, 16, 16]),
            Steps = 2, BatchSize = 32, WarmupSteps = 0, LearningRate = 1e-3, Seed = 7, Checkpoints = [2],
        };
        using var run = new TempDirectory();
        new Trainer(config, data).Run(run.Path, resume: false);
        using var checkpoint = Checkpoint.Load(Path.Combine(run.Path, "checkpoints", Checkpoint.FileName(2)));
        return checkpoint.Model.parameters().Select(p => p.data<float>().ToArray()).ToArray();
    }

    [Fact]
    public void WeightsDoNotDependOnTheContentsOfFreshMemory()
    {
        var zeros = TrainTwoSteps(FreshMemoryFill.Pattern.Zeros);
        var nan = TrainTwoSteps(FreshMemoryFill.Pattern.NaN);
        var nonFinite = nan.Sum(w => w.Count(v => !float.IsFinite(v)));
        Assert.True(nonFinite == 0, $"{nonFinite} weights are not finite after training on NaN-filled fresh memory");
        Assert.Equal(zeros, nan);
    }
}
