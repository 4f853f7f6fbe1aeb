using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Evaluation;

/// <summary>A file that is not TorchScript is refused with libtorch's reason and none of its C++ backtrace.</summary>
public class TorchScriptFeaturesTests
{
    [Theory]
    [InlineData("/dev/null")]
    [InlineData("garbage")]
    public void ANonTorchScriptFileIsOneLineWithoutTheNativeBacktrace(string name)
    {
        using var folder = new TempDirectory();
        var path = name.StartsWith('/') ? name : Path.Combine(folder.Path, name);
        if (!name.StartsWith('/')) File.WriteAllText(path, "not a module");
        var e = Assert.Throws<DataUnavailableException>(() => new TorchScriptFeatures(path));
        Assert.Contains("not a ZIP archive", e.Message);
        Assert.DoesNotContain("frame #", e.Message);
        Assert.DoesNotContain("Exception raised from", e.Message);
        Assert.DoesNotContain('\n', e.Message);
    }

    [Fact]
    public void FidWithADevNullFeatureNetworkPrintsOneErrorLine()
    {
        using var run = new TempDirectory();
        var config = new TrainingConfig
        {
            Data = "gaussian:2", ModelName = "mlp", Model = ModelPresets.Create("mlp", [2]), Steps = 1, BatchSize = 8, Checkpoints = [1],
        };
        new Trainer(config, DatasetSpec.Gaussian(2)).Run(run.Path, resume: false);
        var checkpoint = Path.Combine(run.Path, RunFolder.CheckpointFolderName, Checkpoint.FileName(1));

        var (exit, output) = CliProcess.Run(["fid", "--checkpoint", checkpoint, "--features", "torchscript:/dev/null", "--n", "8"]);
        Assert.Equal(2, exit);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{output}");
        Assert.StartsWith("error: '/dev/null' is not a TorchScript module", lines[0]);
        Assert.DoesNotContain("frame #", lines[0]);
    }
}
