using ScoreProbe.Cli.Experiments;

namespace ScoreProbe.Cli.Tests.Experiments;

public class ExperimentRunnerTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scoreprobe-exp-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void ASecondRunReusesFinishedExperimentsAndReRunsChangedOnes()
    {
        var tightness = ExperimentCatalog.Select("tightness");
        var first = ExperimentRunner.Run(tightness, new ExperimentSettings(true, 0), _dir, force: false).Single();
        Assert.False(first.Reused);
        var path = Path.Combine(_dir, "tightness.json");
        var written = File.GetLastWriteTimeUtc(path);

        // As after an interrupted `experiment all`: the finished record is picked up, not recomputed.
        var second = ExperimentRunner.Run(tightness, new ExperimentSettings(true, 0), _dir, force: false).Single();
        Assert.True(second.Reused);
        Assert.Equal(written, File.GetLastWriteTimeUtc(path));
        Assert.Equal(first.Reproduced, second.Reproduced);

        // Another seed is another configuration: recomputed.
        var third = ExperimentRunner.Run(tightness, new ExperimentSettings(true, 5), _dir, force: false).Single();
        Assert.False(third.Reused);
    }

    [Fact]
    public void ATruncatedRecordIsRecomputedNotTrusted()
    {
        File.WriteAllText(Path.Combine(_dir, "tightness.json"), "{\"schema_version\": 1, \"config\":");
        var outcome = ExperimentRunner.Run(ExperimentCatalog.Select("tightness"), new ExperimentSettings(true, 0), _dir, force: false).Single();
        Assert.False(outcome.Reused);
    }

    [Fact]
    public void UnknownExperimentIsAUsageError()
    {
        var path = Path.Combine(_dir, "x");
        Assert.Equal(2, CliApp.Run(["experiment", "spectrum", "--quick", "--out", path]));
        Assert.False(Directory.Exists(path));
    }
}
