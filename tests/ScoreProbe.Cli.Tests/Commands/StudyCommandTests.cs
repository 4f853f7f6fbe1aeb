using System.Text.Json.Nodes;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>
/// <c>scoreprobe study</c> on tiny runs of two data sets: the record the report reads (pooled and per-data-set Spearman
/// beside Table 2, seeds, n), reproducible bytes outside the timing block with or without workers, a cache keyed by the
/// checkpoints' content, workers that die with their parent, and bad input as one line.
/// </summary>
[Collection(ConsoleCapture.Name)]
public sealed class StudyCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    /// <summary>Exact density ratio and raw-pixel features keep these evaluations to about a second each.</summary>
    internal static readonly string[] Quick =
        ["--n", "48", "--seeds", "2", "--ratio", "exact", "--stride", "16", "--stride-first", "8", "--features", "pixels"];

    /// <summary>
    /// Trains a small MLP on <c>gaussian:D</c> for 40 steps (checkpoints 10, 20, 40) into DIR/name: a "data set" per
    /// dimension, so two dimensions make a two-data-set study.
    /// </summary>
    internal static string TinyRun(string root, string name, InitScheme init, int dimension = 2, ulong seed = 1)
    {
        var config = new TrainingConfig
        {
            Data = $"gaussian:{dimension}", ModelName = "mlp", Model = new MlpConfig(dimension, Width: 16, Depth: 1, TimeEmbeddingDimension: 8), Steps = 40,
            BatchSize = 64, LearningRate = 3e-3, WarmupSteps = 5, Init = init, Seed = seed, Checkpoints = [10, 20, 40],
        };
        var run = Path.Combine(root, name);
        new Trainer(config, DatasetSpec.Gaussian(dimension)).Run(run, resume: false);
        return run;
    }

    internal static JsonObject Record(string output) => JsonNode.Parse(File.ReadAllText(Path.Combine(output, "siem-study.json")))!.AsObject();

    /// <summary>The record's JSON text without its timing block: what must not depend on how fast the machine was.</summary>
    internal static string WithoutTiming(string output)
    {
        var record = Record(output);
        record.Remove("timing");
        return record.ToJsonString();
    }

    private static JsonNode Table(JsonObject record, string prefix) =>
        record["tables"]!.AsArray().First(t => t!["title"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal))!;

    [Fact]
    public void Study_pools_two_data_sets_beside_Table_2_reports_each_and_every_n_and_resumes_from_its_cache()
    {
        var a = TinyRun(_dir.Path, "two-default", InitScheme.Default, dimension: 2);
        var b = TinyRun(_dir.Path, "three-zero", InitScheme.ZeroResidual, dimension: 3);
        var output = _dir.File("study");

        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", output, .. Quick, "--n-subsets", "24"]));
        var record = Record(output);
        // 2 runs x 3 checkpoints x 2 seeds, one cached file each.
        Assert.Equal(12, Directory.GetFiles(_dir.File("study/cache"), "*.json").Length);
        var pooled = Table(record, "Spearman correlations pooled over 6 models");
        var siemFid = pooled["rows"]!.AsArray().First(r => r![0]!.GetValue<string>() == "SIEM – FID")!;
        Assert.Equal(0.8898, siemFid[5]!.GetValue<double>());
        Assert.Equal(0.8605, siemFid[11]!.GetValue<double>());
        Assert.InRange(siemFid[1]!.GetValue<double>(), -1, 1);
        // The bootstrap interval is an interval of correlations around... at least inside [-1, 1] and ordered.
        Assert.InRange(siemFid[2]!.GetValue<double>(), -1, siemFid[3]!.GetValue<double>());
        Assert.InRange(siemFid[3]!.GetValue<double>(), siemFid[2]!.GetValue<double>(), 1);

        var perData = Table(record, "Spearman correlations per data set")["rows"]!.AsArray();
        Assert.Equal(["gaussian:2", "gaussian:3"], perData.Select(r => r![0]!.GetValue<string>()).Distinct().Order());
        Assert.Equal(6, Table(record, "Per checkpoint")["rows"]!.AsArray().Count);
        Assert.Contains("2 seeds", Table(record, "Spearman correlations per evaluation seed")["title"]!.GetValue<string>());
        Assert.Equal([24, 48], Table(record, "How the pooled correlations move")["rows"]!.AsArray().Select(r => r![0]!.GetValue<int>()).Distinct());
        Assert.Contains(record["figures"]!.AsArray(), f => f!["id"]!.GetValue<string>() == "spearman-vs-n");
        // Costs live in the timing block only.
        Assert.DoesNotContain("second", record["numbers"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("second", record["tables"]!.ToJsonString(), StringComparison.OrdinalIgnoreCase);
        Assert.True(record["timing"]!["per_evaluation"]!["gaussian:2"]!["sampling_seconds"]!.GetValue<double>() > 0);

        // A rerun reads every (checkpoint, seed) from the cache and rebuilds the same record.
        var cached = Directory.GetFiles(_dir.File("study/cache"))[0];
        var before = File.GetLastWriteTimeUtc(cached);
        var text = WithoutTiming(output);
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", output, .. Quick, "--n-subsets", "24"]));
        Assert.Equal(before, File.GetLastWriteTimeUtc(cached));
        Assert.Equal(text, WithoutTiming(output));
    }

    [Fact]
    public void Identical_studies_write_identical_records_outside_timing_with_or_without_workers()
    {
        var a = TinyRun(_dir.Path, "default", InitScheme.Default);
        var b = TinyRun(_dir.Path, "zero", InitScheme.ZeroResidual);
        var parallel = _dir.File("parallel");
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", parallel, "--workers", "2", .. Quick]));
        var serial = _dir.File("serial");
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", serial, .. Quick]));

        // Worker k of 2 took jobs k, k + 2, ...: each logged 6 of the 12 (checkpoint, seed) evaluations.
        foreach (var k in new[] { 0, 1 })
            Assert.Equal(6, File.ReadAllLines(Path.Combine(parallel, "logs", $"worker-{k}.log")).Count(l => l.StartsWith("done: ", StringComparison.Ordinal)));
        Assert.Equal(WithoutTiming(serial), WithoutTiming(parallel));
    }

    [Fact]
    public void A_retrained_run_folder_is_evaluated_again_instead_of_read_from_the_cache()
    {
        var oneSeed = With("--seeds", "1");
        var run = TinyRun(_dir.Path, "run", InitScheme.Default, seed: 1);
        var output = _dir.File("study");
        Assert.Equal(0, CliApp.Run(["study", "--runs", run, "--out", output, .. oneSeed]));
        var first = Table(Record(output), "Per checkpoint").ToJsonString();

        // The same folder name, retrained with another seed: other checkpoint bytes, other results.
        Directory.Delete(run, recursive: true);
        TinyRun(_dir.Path, "run", InitScheme.Default, seed: 2);
        Assert.Equal(0, CliApp.Run(["study", "--runs", run, "--out", output, .. oneSeed]));
        var again = Table(Record(output), "Per checkpoint").ToJsonString();
        Assert.NotEqual(first, again);

        var fresh = _dir.File("fresh");
        Assert.Equal(0, CliApp.Run(["study", "--runs", run, "--out", fresh, .. oneSeed]));
        Assert.Equal(Table(Record(fresh), "Per checkpoint").ToJsonString(), again);
    }

    /// <summary><see cref="Quick"/> with <paramref name="option"/> set to <paramref name="value"/> (replaced or added).</summary>
    internal static string[] With(string option, string value)
    {
        var at = Array.IndexOf(Quick, option);
        return at < 0 ? [.. Quick, option, value] : [.. Quick[..at], option, value, .. Quick[(at + 2)..]];
    }

    [Fact]
    public void Killing_the_parent_of_a_worker_study_ends_its_workers_at_once()
    {
        var a = TinyRun(_dir.Path, "default", InitScheme.Default);
        var b = TinyRun(_dir.Path, "zero", InitScheme.ZeroResidual);
        var cache = _dir.File("study/cache");
        // Enough seeds that the workers are still busy when the parent dies.
        using var study = new CliProcess(["study", "--runs", a, b, "--out", _dir.File("study"), "--workers", "2", .. With("--seeds", "100")]);
        IReadOnlyList<int> workers = [];
        study.WaitFor(() => (workers = study.Children()).Count == 2, TimeSpan.FromMinutes(2), "two worker processes");
        study.KillHard();
        var resultsAtKill = Results(cache);

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (workers.Any(Alive) && DateTime.UtcNow < deadline) Thread.Sleep(50);
        Assert.False(workers.Any(Alive), $"workers {string.Join(", ", workers.Where(Alive))} outlived their parent");
        // They died where they were, not after finishing their current evaluation (a worker that only noticed its parent's
        // death when it next wrote a line would still have added a result).
        Thread.Sleep(1000);
        Assert.Equal(resultsAtKill, Results(cache));
    }

    private static int Results(string cache) => Directory.Exists(cache) ? Directory.GetFiles(cache, "*.json").Length : 0;

    private static bool Alive(int pid)
    {
        // A zombie (exited, not yet reaped) has state Z; a gone process has no /proc entry.
        var stat = $"/proc/{pid}/stat";
        if (!File.Exists(stat)) return false;
        try { return File.ReadAllText(stat).Split(')')[^1].Trim()[0] != 'Z'; }
        catch (IOException) { return false; }
    }

    [Theory]
    [InlineData("--n", "4", "--n must lie in [8, 100000] (got 4); FID and W2")]
    [InlineData("--n-subsets", "48", "--n-subsets must lie in [8, 47] (got 48)")]
    [InlineData("--n-subsets", "ten", "--n-subsets must be a comma list")]
    [InlineData("--workers", "0", "--workers must lie in [1, 64]")]
    [InlineData("--shard", "2/2", "--shard must be K/N")]
    [InlineData("--seeds", "0", "--seeds must lie in [1, 100]")]
    public void Bad_options_are_one_line_errors_naming_the_option(string option, string value, string message)
    {
        var run = TinyRun(_dir.Path, "default", InitScheme.Default);
        var (code, error) = SiemCommandTests.RunCapturingErrors(["study", "--runs", run, "--out", _dir.File("out"), .. With(option, value)]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains(message, error);
        Assert.False(Directory.Exists(_dir.File("out")));
    }

    [Fact]
    public void Folders_without_a_readable_run_are_one_line_errors()
    {
        var (code, error) = SiemCommandTests.RunCapturingErrors(["study", "--runs", _dir.Path, "--out", _dir.File("out")]);
        Assert.Equal(2, code);
        Assert.Contains("run.json", error);

        var run = TinyRun(_dir.Path, "garbage", InitScheme.Default);
        File.WriteAllText(Path.Combine(run, "run.json"), "{\"config\": [1, 2");
        (code, error) = SiemCommandTests.RunCapturingErrors(["study", "--runs", run, "--out", _dir.File("out"), .. Quick]);
        Assert.Equal(2, code);
        Assert.Single(error.Trim().Split('\n'));
        Assert.Contains("is not a ScoreProbe run record", error);
        Assert.False(Directory.Exists(_dir.File("out")));
    }
}
