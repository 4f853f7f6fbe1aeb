using ScoreProbe.Core;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>The activation-memory estimate and the up-front refusal of steps that cannot fit.</summary>
public class TrainingMemoryTests
{
    private static TrainingConfig UNet(int side, int batch) => new()
    {
        Data = $"images:{side}", ModelName = "unet-small", Model = ModelPresets.Create("unet-small", [1, side, side]),
        Steps = 1, BatchSize = batch, Checkpoints = [1],
    };

    [Fact]
    public void AttentionMakesTheEstimateGrowWithTheFourthPowerOfTheImageSide()
    {
        // At 256x256 unet-small's 8x8 attention runs over 128x128 = 16384 positions, in four blocks (one in the down
        // block, one in the mid block, two in the up block) of four heads (32 channels of 8): their 16384^2 scores,
        // kept before and after the softmax, 4 bytes each, dominate everything else.
        var scores = 4 * 4 * 2.0 * 16384.0 * 16384.0 * 4;
        var estimate = TrainingMemory.BytesPerExample(UNet(256, 1).Model);
        Assert.InRange(estimate / scores, 1.0, 1.1);
    }

    [Fact]
    public void ABatchThatCannotFitIsRefusedWithTheLargestThatDoes()
    {
        var config = UNet(16, int.MaxValue);
        var perExample = TrainingMemory.BytesPerExample(config.Model);
        var available = (long)(1000.5 * perExample);
        var e = Assert.Throws<InvalidConfigurationException>(() => TrainingMemory.EnsureFits(config, available));
        Assert.Equal("batch-size", e.Parameter);
        Assert.Contains("use a batch of at most 1000", e.Message);
        TrainingMemory.EnsureFits(config with { BatchSize = 1000 }, available);
    }

    [Fact]
    public void ImagesTooLargeForOneExampleAreRefusedAsData()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => TrainingMemory.EnsureFits(UNet(256, 1), 24L << 30));
        Assert.Equal("data", e.Parameter);
        Assert.Contains("use smaller examples", e.Message);
    }
}
