using ScoreProbe.Core;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>run.json says what ran: the segment of each invocation, and a damaged or missing record is refused or rebuilt.</summary>
public class ResumeRecordTests
{
    private static TrainingConfig Run(int steps, IReadOnlyList<int> checkpoints) => SmallRuns.Mlp(steps, checkpoints, seed: 4);

    [Fact]
    public void EachInvocationRecordsTheStepsItRanAndTheScheduleLengthItRanThemUnder()
    {
        var data = DatasetSpec.Gaussian(2);
        using var run = new TempDirectory();
        using var stop = new CancellationTokenSource();
        new Trainer(Run(6, [2, 4, 6]), data).Run(run.Path, resume: false, p => { if (p.Step == 5) stop.Cancel(); }, stop.Token);
        var outcome = new Trainer(Run(8, [2, 4, 8]), data).Run(run.Path, resume: true);

        Assert.Equal([new RunSegment(0, 4, 6), new RunSegment(4, 8, 8)], outcome.Record.Segments);
        Assert.Equal(8, outcome.Record.Config.Steps);
        Assert.Equal([2, 4, 8], outcome.Record.Checkpoints.Select(c => c.Step));
        Assert.Equal(outcome.Record.Segments, RunRecord.TryRead(run.Path)!.Segments);
    }

    [Fact]
    public void ResumingWithFewerStepsThanTheRunReachedIsRefused()
    {
        var data = DatasetSpec.Gaussian(2);
        using var run = new TempDirectory();
        new Trainer(Run(6, [3, 6]), data).Run(run.Path, resume: false);
        var e = Assert.Throws<InvalidConfigurationException>(() => new Trainer(Run(4, [3, 4]), data).Run(run.Path, resume: true));
        Assert.Equal("steps", e.Parameter);
        Assert.Contains("already reached step 6", e.Message);
        Assert.Equal(6, RunRecord.TryRead(run.Path)!.Config.Steps);
    }

    [Fact]
    public void AGarbageRunJsonIsRefusedAndADeletedOneIsRebuiltFromTheCheckpoints()
    {
        var data = DatasetSpec.Gaussian(2);
        using var run = new TempDirectory();
        using var stop = new CancellationTokenSource();
        var first = new Trainer(Run(6, [2, 4, 6]), data).Run(run.Path, resume: false, p => { if (p.Step == 4) stop.Cancel(); }, stop.Token);
        var record = Path.Combine(run.Path, RunRecord.FileName);
        File.WriteAllText(record, "{ not json");
        var e = Assert.Throws<DataUnavailableException>(() => new Trainer(Run(6, [2, 4, 6]), data).Run(run.Path, resume: true));
        Assert.Contains("is not a ScoreProbe run record", e.Message);

        File.Delete(record);
        var resumed = new Trainer(Run(6, [2, 4, 6]), data).Run(run.Path, resume: true);
        Assert.Equal([2, 4, 6], resumed.Record.Checkpoints.Select(c => c.Step));
        Assert.Equal(first.Record.Checkpoints.Select(c => c.MeanLoss), resumed.Record.Checkpoints.Take(2).Select(c => c.MeanLoss));
    }

    [Fact]
    public void ResumingWithOtherSettingsNamesTheSettingsThatDiffer()
    {
        var data = DatasetSpec.Gaussian(2);
        using var run = new TempDirectory();
        new Trainer(Run(2, [2]), data).Run(run.Path, resume: false);
        var e = Assert.Throws<InvalidConfigurationException>(() =>
            new Trainer(Run(4, [2, 4]) with { LearningRate = 5e-4 }, data).Run(run.Path, resume: true));
        Assert.Contains("learning_rate 0.001 there, 0.0005 now", e.Message);
    }
}
