using System.Text.Json.Nodes;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Cli.Tests;

/// <summary>A tiny trained checkpoint (MLP on gaussian:2) through <c>scoreprobe siem</c>, <c>fid</c> and <c>w2</c>.</summary>
public sealed class SiemCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scoreprobe-siem-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Trains a 2-D Gaussian MLP for a few steps into DIR/name and returns the run folder.</summary>
    internal static string TrainTinyRun(string root, string name, InitScheme init, int steps = 40)
    {
        var config = new TrainingConfig
        {
            Data = "gaussian:2", ModelName = "mlp", Model = new MlpConfig(2, Width: 16, Depth: 1, TimeEmbeddingDimension: 8), Steps = steps,
            BatchSize = 64, LearningRate = 3e-3, WarmupSteps = 5, Init = init, Seed = 1, Checkpoints = [10, 20, steps],
        };
        var run = Path.Combine(root, name);
        new Trainer(config, DatasetSpec.Gaussian(2)).Run(run, resume: false);
        return run;
    }

    private string TinyCheckpoint() => Path.Combine(TrainTinyRun(_dir, "run", InitScheme.Default), "checkpoints", Checkpoint.FileName(40));

    private static readonly string[] Quick = ["--ratio", "exact", "--stride", "20", "--stride-first", "10", "--n", "64"];

    [Fact]
    public void Siem_writes_both_ranges_and_the_xi_series_and_is_reproducible()
    {
        var checkpoint = TinyCheckpoint();
        JsonObject Run(string name)
        {
            var path = Path.Combine(_dir, name);
            Assert.Equal(0, CliApp.Run(["siem", "--checkpoint", checkpoint, .. Quick, "--seed", "3", "--json", path]));
            return JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        }
        var first = Run("a.json");
        var second = Run("b.json");

        // Full grid 990, 970, ..., 10 (50) and first-10% grid 995, 985, ..., 905 (10), each centred on its strides: 60 steps.
        Assert.Equal(60, first["points"]!.AsArray().Count);
        Assert.Equal(50, first["full"]!["xi"]!.AsArray().Count);
        Assert.Equal(10, first["first10"]!["xi"]!.AsArray().Count);
        Assert.True(first["full"]!["siem"]!.GetValue<double>() > 0);
        first.Remove("timing");
        second.Remove("timing");
        Assert.Equal(first.ToJsonString(), second.ToJsonString());
    }

    [Fact]
    public void First_ten_percent_range_reports_only_steps_between_999_and_900()
    {
        var path = Path.Combine(_dir, "first.json");
        Assert.Equal(0, CliApp.Run(["siem", "--checkpoint", TinyCheckpoint(), .. Quick, "--range", "first10", "--json", path]));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Null(json["full"]);
        Assert.Equal([995, 985, 975, 965, 955, 945, 935, 925, 915, 905], json["first10"]!["timesteps"]!.AsArray().Select(t => t!.GetValue<int>()));
    }

    [Fact]
    public void Fid_and_W2_of_a_checkpoint_are_positive_and_recorded()
    {
        var checkpoint = TinyCheckpoint();
        var fidPath = Path.Combine(_dir, "fid.json");
        var w2Path = Path.Combine(_dir, "w2.json");
        Assert.Equal(0, CliApp.Run(["fid", "--checkpoint", checkpoint, "--n", "64", "--json", fidPath]));
        Assert.Equal(0, CliApp.Run(["w2", "--checkpoint", checkpoint, "--n", "64", "--json", w2Path]));
        var fid = JsonNode.Parse(File.ReadAllText(fidPath))!;
        var w2 = JsonNode.Parse(File.ReadAllText(w2Path))!;
        Assert.Equal("pixels", fid["features"]!.GetValue<string>());
        Assert.True(fid["fid"]!.GetValue<double>() > 0);
        var distance = w2["w2"]!.GetValue<double>();
        Assert.Equal(distance * distance / 2, w2["sinkhorn_divergence"]!.GetValue<double>(), 12);
        Assert.True(distance > 0);
    }

    [Theory]
    [InlineData("siem", "--stride", "0")]
    [InlineData("siem", "--stride", "21")]
    [InlineData("siem", "--stride-first", "100")]
    [InlineData("siem", "--stride-first", "11")]
    [InlineData("siem", "--eps-l", "1e308")]
    [InlineData("siem", "--eps-l", "NaN")]
    [InlineData("siem", "--range", "half")]
    [InlineData("siem", "--ratio", "magic")]
    [InlineData("siem", "--eps-l", "0")]
    [InlineData("siem", "--n", "3")]
    [InlineData("fid", "--features", "inception")]
    [InlineData("w2", "--blur", "0")]
    [InlineData("w2", "--scaling", "1")]
    public void Bad_options_exit_with_two_and_write_nothing(string command, string option, string value)
    {
        var checkpoint = TinyCheckpoint();
        var path = Path.Combine(_dir, "bad.json");
        var (code, error) = RunCapturingErrors([command, "--checkpoint", checkpoint, option, value, "--json", path]);
        Assert.Equal(2, code);
        Assert.StartsWith("error: ", error);
        Assert.Single(error.Trim().Split('\n'));
        Assert.False(File.Exists(path));
    }

    [Theory]
    [InlineData("--stride", "21", "error: --stride must lie in [1, 20] (got 21)")]
    [InlineData("--stride-first", "11", "error: --stride-first must lie in [1, 10] (got 11)")]
    [InlineData("--eps-l", "1e308", "error: --eps-l must lie in [1E-06, 1E+06] (got 1E+308)")]
    [InlineData("--n", "3", "error: --n must be >= 8 (got 3)")]
    public void Siem_errors_name_the_flag_and_the_accepted_range(string option, string value, string expected)
    {
        var (code, error) = RunCapturingErrors(["siem", "--checkpoint", TinyCheckpoint(), option, value]);
        Assert.Equal(2, code);
        Assert.StartsWith(expected, error);
    }

    [Theory]
    [InlineData("siem")]
    [InlineData("fid")]
    [InlineData("w2")]
    public void Missing_checkpoint_is_a_one_line_error(string command)
    {
        var (code, error) = RunCapturingErrors([command, "--checkpoint", Path.Combine(_dir, "none.ckpt")]);
        Assert.Equal(2, code);
        Assert.Contains("does not exist", error);
    }

    internal static (int Code, string Error) RunCapturingErrors(string[] args)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try { return (CliApp.Run(args), error.ToString()); }
        finally { Console.SetError(saved); }
    }
}
