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

    [Theory]
    [InlineData("garbage")]
    [InlineData("json of the wrong shape")]
    [InlineData("a record without its verdict")]
    public void ADamagedRecordIsRecomputedAndReplacedByAValidOne(string damage)
    {
        var path = Path.Combine(_dir, "tightness.json");
        var tightness = ExperimentCatalog.Select("tightness");
        ExperimentRunner.Run(tightness, new ExperimentSettings(true, 0), _dir, force: false);
        var valid = System.Text.Json.Nodes.JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        switch (damage)
        {
            case "garbage":
                var bytes = new byte[1024];
                new Random(3).NextBytes(bytes);
                File.WriteAllBytes(path, bytes);
                break;
            case "json of the wrong shape":
                File.WriteAllText(path, "[1, 2, 3]");
                break;
            default:
                valid.Remove("verdict");
                valid["verdict"] = new System.Text.Json.Nodes.JsonObject { ["checks"] = "not a list" };
                File.WriteAllText(path, valid.ToJsonString());
                break;
        }
        var outcome = ExperimentRunner.Run(tightness, new ExperimentSettings(true, 0), _dir, force: false).Single();
        Assert.False(outcome.Reused);
        Assert.NotNull(Cli.Report.ExperimentFile.Parse("tightness.json", File.ReadAllText(path)));
    }

    [Fact]
    public void AFolderWhereARecordBelongsIsAUsageErrorBeforeAnyExperimentRuns()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "tightness.json"));
        Assert.Equal(2, CliApp.Run(["experiment", "all", "--quick", "--out", _dir]));
        Assert.Equal(["tightness.json"], Directory.EnumerateFileSystemEntries(_dir).Select(Path.GetFileName));
    }

    [Fact]
    public void UnknownExperimentIsAUsageError()
    {
        var path = Path.Combine(_dir, "x");
        Assert.Equal(2, CliApp.Run(["experiment", "spectrum", "--quick", "--out", path]));
        Assert.False(Directory.Exists(path));
    }
}
