using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;
using static TorchSharp.torch;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>Checkpoints for the residual and predict commands: briefly trained vector models, and untrained ones for bad input.</summary>
internal static class TrainedCheckpoints
{
    /// <summary>Trains the default MLP on <paramref name="data"/> for a few steps with <c>scoreprobe train</c> and returns the checkpoint.</summary>
    public static string Train(TempDirectory dir, string data, int seed, int steps = 60)
    {
        var run = dir.File($"run-{data.Replace(':', '-')}-{seed}");
        Assert.Equal(0, CliApp.Run(["train", "--data", data, "--model", "mlp", "--steps", $"{steps}", "--batch", "64", "--lr", "2e-3", "--warmup", "5",
            "--checkpoints", $"{steps}", "--seed", $"{seed}", "--out", run]));
        return Path.Combine(run, "checkpoints", Checkpoint.FileName(steps));
    }

    /// <summary>An untrained network of the named preset written as a checkpoint of <paramref name="data"/>.</summary>
    public static string Untrained(TempDirectory dir, string data, string preset, long[] shape)
    {
        var config = new TrainingConfig { Data = data, ModelName = preset, Model = ModelPresets.Create(preset, shape), Steps = 1, Checkpoints = [1] };
        var path = dir.File($"{preset}-{data.Replace(':', '-').Replace('/', '-')}.ckpt");
        using var model = config.Model.Build(1);
        Checkpoint.Save(path, new CheckpointHeader(Checkpoint.FormatVersion, 1, double.NaN, config, NeuralJson.Versions), model, null, null);
        return path;
    }
}
