using ScoreProbe.Core;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>Settings that would train to NaN or silently change the run are refused by their engine names.</summary>
public class TrainingConfigTests
{
    private static TrainingConfig Valid() => SmallRuns.Mlp(10, [10], seed: 0);

    public static TheoryData<string, Func<TrainingConfig, TrainingConfig>> Invalid() => new()
    {
        { "learning-rate", c => c with { LearningRate = double.PositiveInfinity } },
        { "learning-rate", c => c with { LearningRate = 1e10 } },
        { "learning-rate", c => c with { LearningRate = double.NaN } },
        { "learning-rate", c => c with { LearningRate = 0 } },
        { "ema-decay", c => c with { EmaDecay = double.NaN } },
        { "ema-decay", c => c with { EmaDecay = 1 } },
        { "ema-decay", c => c with { EmaDecay = -0.5 } },
        { "weight-decay", c => c with { WeightDecay = double.NaN } },
        { "gradient-clip-norm", c => c with { GradientClipNorm = double.PositiveInfinity } },
        { "batch-size", c => c with { BatchSize = 0 } },
        { "steps", c => c with { Steps = 0 } },
        { "checkpoints", c => c with { Checkpoints = [11] } },
        { "checkpoints", c => c with { Checkpoints = [5, 5] } },
    };

    [Theory]
    [MemberData(nameof(Invalid))]
    public void AnInvalidSettingIsRefusedByItsEngineName(string parameter, Func<TrainingConfig, TrainingConfig> change)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => change(Valid()).Validate());
        Assert.Equal(parameter, e.Parameter);
        Assert.DoesNotContain("--", e.Message);
    }

    [Fact]
    public void TheDocumentedLearningRateRangeIsAccepted()
    {
        (Valid() with { LearningRate = TrainingConfig.MaxLearningRate }).Validate();
        (Valid() with { LearningRate = 1e-4, EmaDecay = 0.999 }).Validate();
        Assert.Throws<InvalidConfigurationException>(() => (Valid() with { LearningRate = Math.BitIncrement(TrainingConfig.MaxLearningRate) }).Validate());
    }
}
