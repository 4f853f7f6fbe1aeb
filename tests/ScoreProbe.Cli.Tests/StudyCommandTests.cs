using System.Text.Json.Nodes;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Cli.Tests;

/// <summary><c>scoreprobe study</c> on two tiny runs: the record the report reads, resume from the cache, bad input.</summary>
public sealed class StudyCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scoreprobe-study-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Quick =
        ["--n", "48", "--seeds", "2", "--ratio", "exact", "--stride", "20", "--stride-first", "10", "--features", "pixels"];

    [Fact]
    public void Study_writes_an_experiment_record_with_Table_2_beside_the_measured_values_and_resumes()
    {
        var a = SiemCommandTests.TrainTinyRun(_dir, "default", InitScheme.Default);
        var b = SiemCommandTests.TrainTinyRun(_dir, "zero", InitScheme.ZeroResidual);
        var output = Path.Combine(_dir, "study");

        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", output, .. Quick]));
        var record = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "siem-study.json")))!;
        // 2 runs x 3 checkpoints x 2 seeds, one cached file each.
        Assert.Equal(12, Directory.GetFiles(Path.Combine(output, "cache"), "*.json").Length);
        var correlations = record["tables"]!.AsArray().First(t => t!["title"]!.GetValue<string>().StartsWith("Spearman"))!;
        var siemFid = correlations["rows"]!.AsArray().First(r => r![0]!.GetValue<string>() == "SIEM – FID")!;
        Assert.Equal(0.8898, siemFid[3]!.GetValue<double>());
        Assert.Equal(0.8605, siemFid[7]!.GetValue<double>());
        Assert.InRange(siemFid[1]!.GetValue<double>(), -1, 1);
        Assert.Equal(6, record["tables"]!.AsArray().First(t => t!["title"]!.GetValue<string>().StartsWith("Per checkpoint"))!["rows"]!.AsArray().Count);
        Assert.Contains(record["figures"]!.AsArray(), f => f!["log_x"]?.GetValue<bool>() == true);

        // A rerun reads every (checkpoint, seed) from the cache and rebuilds the same record.
        var before = File.GetLastWriteTimeUtc(Directory.GetFiles(Path.Combine(output, "cache"))[0]);
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", output, .. Quick]));
        Assert.Equal(before, File.GetLastWriteTimeUtc(Directory.GetFiles(Path.Combine(output, "cache"))[0]));
        var again = JsonNode.Parse(File.ReadAllText(Path.Combine(output, "siem-study.json")))!;
        Assert.Equal(record["tables"]!.ToJsonString(), again["tables"]!.ToJsonString());
    }

    [Fact]
    public void Worker_processes_fill_the_cache_with_the_results_of_a_serial_study()
    {
        var a = SiemCommandTests.TrainTinyRun(_dir, "default", InitScheme.Default);
        var b = SiemCommandTests.TrainTinyRun(_dir, "zero", InitScheme.ZeroResidual);
        JsonNode Table(string output, string prefix) =>
            JsonNode.Parse(File.ReadAllText(Path.Combine(output, "siem-study.json")))!["tables"]!.AsArray().First(t => t!["title"]!.GetValue<string>().StartsWith(prefix))!;

        var parallel = Path.Combine(_dir, "parallel");
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", parallel, "--workers", "2", .. Quick]));
        var serial = Path.Combine(_dir, "serial");
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", serial, .. Quick]));

        // Worker k of 2 took jobs k, k + 2, ...: each logged 6 of the 12 (checkpoint, seed) evaluations.
        foreach (var k in new[] { 0, 1 })
            Assert.Equal(6, File.ReadAllLines(Path.Combine(parallel, "logs", $"worker-{k}.log")).Count(l => l.StartsWith("done: ")));
        Assert.Equal(Table(serial, "Spearman").ToJsonString(), Table(parallel, "Spearman").ToJsonString());
        Assert.Equal(Table(serial, "Per checkpoint").ToJsonString(), Table(parallel, "Per checkpoint").ToJsonString());
    }

    [Theory]
    [InlineData("--workers", "0", "--workers must be in [1, 64]")]
    [InlineData("--shard", "2/2", "--shard must be K/N")]
    public void Bad_worker_options_are_one_line_errors(string option, string value, string message)
    {
        var run = SiemCommandTests.TrainTinyRun(_dir, "default", InitScheme.Default);
        var (code, error) = SiemCommandTests.RunCapturingErrors(["study", "--runs", run, "--out", Path.Combine(_dir, "out"), option, value, .. Quick]);
        Assert.Equal(2, code);
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }

    [Fact]
    public void A_folder_without_a_run_is_a_one_line_error()
    {
        var (code, error) = SiemCommandTests.RunCapturingErrors(["study", "--runs", _dir, "--out", Path.Combine(_dir, "out")]);
        Assert.Equal(2, code);
        Assert.Contains("run.json", error);
        Assert.False(Directory.Exists(Path.Combine(_dir, "out")));
    }
}
