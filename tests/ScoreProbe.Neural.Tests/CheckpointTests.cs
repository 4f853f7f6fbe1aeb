using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>Checkpoints round-trip bit-exactly, and a resumed run reproduces an uninterrupted one bit for bit.</summary>
public class CheckpointTests
{
    private static TrainingConfig SmallUNetRun(int steps, IReadOnlyList<int> checkpoints) => new()
    {
        Data = "synthetic", ModelName = "unet-small", Model = ModelPresets.Create("unet-small", [1, 16, 16]),
        Steps = steps, BatchSize = 8, LearningRate = 1e-3, WarmupSteps = 2, EmaDecay = 0.9, Seed = 11, Checkpoints = checkpoints,
        Init = InitScheme.ZeroResidual,
    };

    private static ImageDataset SyntheticImages()
    {
        using var generator = new Generator(5);
        return new ImageDataset("synthetic", rand([32, 1, 16, 16], generator: generator).mul(2).sub(1));
    }

    private static float[][] Weights(NoisePredictor model) =>
        model.parameters().Select(p => p.detach().cpu().data<float>().ToArray()).ToArray();

    [Fact]
    public void SaveThenLoadReproducesEveryWeightAndTheOutputBitExactly()
    {
        using var model = ModelPresets.Create("unet-small").Build(42);
        using var ema = new ExponentialMovingAverage(model, 0.5);
        using var run = new TempDirectory();
        var path = Path.Combine(run.Path, "a.ckpt");
        var config = SmallUNetRun(10, [10]);
        Checkpoint.Save(path, new CheckpointHeader(Checkpoint.FormatVersion, 10, 0.5, config, NeuralJson.Versions), model, ema, null);

        using var loaded = Checkpoint.Load(path);
        Assert.Equal(10, loaded.Step);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(config, NeuralJson.Options), System.Text.Json.JsonSerializer.Serialize(loaded.Config, NeuralJson.Options));
        Assert.Equal(Weights(model), Weights(loaded.Model));
        Assert.NotNull(loaded.Ema);
        using var x = randn([2, 1, 16, 16], generator: new Generator(0));
        using var t = tensor(new long[] { 3, 700 });
        using var noGrad = no_grad();
        model.eval();
        Assert.Equal(model.forward(x, t).data<float>().ToArray(), loaded.Model.forward(x, t).data<float>().ToArray());
        Assert.False(File.Exists(path + $".{Environment.ProcessId}.tmp"));
    }

    [Fact]
    public void ZeroResidualInitialisationPredictsZeroNoise()
    {
        using var run = new TempDirectory();
        var config = SmallUNetRun(1, [1]);
        using var data = SyntheticImages();
        new Trainer(config, data).Run(run.Path, resume: false);
        using var checkpoint = Checkpoint.Load(Path.Combine(run.Path, "checkpoints", Checkpoint.FileName(1)));
        using var x = randn([2, 1, 16, 16], generator: new Generator(0));
        using var noGrad = no_grad();
        // Step 1 runs at learning rate 0 (warm-up), so the saved weights are the initial ones: output layer zero.
        Assert.Equal(0f, checkpoint.Model.forward(x, tensor(new long[] { 1, 2 })).abs().max().item<float>());
    }

    [Fact]
    public void ResumingAfterAnInterruptionGivesTheUninterruptedWeights()
    {
        using var data = SyntheticImages();
        var config = SmallUNetRun(6, [3, 6]);
        using var straight = new TempDirectory();
        new Trainer(config, data).Run(straight.Path, resume: false);

        using var interrupted = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var first = new Trainer(config, data).Run(interrupted.Path, resume: false, p => { if (p.Step == 4) stop.Cancel(); }, stop.Token);
        Assert.True(first.Cancelled);
        Assert.Equal(4, first.EndStep);
        var second = new Trainer(config, data).Run(interrupted.Path, resume: true);
        Assert.Equal(3, second.StartStep);
        Assert.Equal(6, second.EndStep);
        Assert.Equal(1, second.Record.Resumes);
        Assert.Equal([3, 6], second.Record.Checkpoints.Select(c => c.Step));

        using var a = Checkpoint.Load(Path.Combine(straight.Path, "checkpoints", Checkpoint.FileName(6)));
        using var b = Checkpoint.Load(Path.Combine(interrupted.Path, "checkpoints", Checkpoint.FileName(6)));
        Assert.Equal(Weights(a.Model), Weights(b.Model));
        Assert.Equal(Weights(a.Ema!), Weights(b.Ema!));
    }

    [Fact]
    public void ACheckpointMissingFromRunJsonIsRecoveredOnResume()
    {
        // A kill after a checkpoint's rename but before run.json's rewrite: the file exists, the record does not list it.
        using var data = SyntheticImages();
        using var run = new TempDirectory();
        var config = SmallUNetRun(6, [2, 4, 6]);
        using var stop = new CancellationTokenSource();
        new Trainer(config, data).Run(run.Path, resume: false, p => { if (p.Step == 5) stop.Cancel(); }, stop.Token);
        var full = RunRecord.TryRead(run.Path)!;
        (full with { Checkpoints = full.Checkpoints.Where(c => c.Step < 4).ToList() }).Write(run.Path);

        var resumed = new Trainer(config, data).Run(run.Path, resume: true);
        Assert.Equal(4, resumed.StartStep);
        Assert.Equal([2, 4, 6], resumed.Record.Checkpoints.Select(c => c.Step));
        Assert.Equal(full.Checkpoints.Single(c => c.Step == 4).MeanLoss, resumed.Record.Checkpoints.Single(c => c.Step == 4).MeanLoss, 6);
    }

    [Fact]
    public void StartingAFreshRunOverCheckpointsIsRefused()
    {
        using var data = SyntheticImages();
        using var run = new TempDirectory();
        new Trainer(SmallUNetRun(1, [1]), data).Run(run.Path, resume: false);
        Assert.Throws<ScoreProbe.Core.InvalidConfigurationException>(() => new Trainer(SmallUNetRun(1, [1]), data).Run(run.Path, resume: false));
    }

    [Fact]
    public void LoadingGarbageSaysItIsNotACheckpoint()
    {
        using var run = new TempDirectory();
        var path = Path.Combine(run.Path, "bad.ckpt");
        File.WriteAllText(path, "not a zip");
        var e = Assert.Throws<DataUnavailableException>(() => Checkpoint.Load(path));
        Assert.Contains("not a readable ScoreProbe checkpoint", e.Message);
    }
}
