using System.Text.Json.Nodes;

namespace ScoreProbe.Cli.Tests.Commands;

[Collection(ConsoleCapture.Name)]
public class SpdeCommandTests
{
    /// <summary>A small run; <paramref name="overrides"/> are option/value pairs that replace or extend the defaults.</summary>
    private static string[] Small(string json, params string[] overrides)
    {
        var options = new Dictionary<string, string>
        {
            ["--dim"] = "1", ["--cells"] = "24", ["--noise"] = "0.3", ["--realisations"] = "3", ["--record-points"] = "11", ["--seed"] = "4", ["--json"] = json,
        };
        for (var i = 0; i < overrides.Length; i += 2) options[overrides[i]] = overrides[i + 1];
        return ["spde", .. options.SelectMany(o => new[] { o.Key, o.Value })];
    }

    [Fact]
    public void Writes_kl_curves_band_fit_and_csv()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliApp.Run(Small(dir.File("s.json"), "--csv", dir.File("s.csv"))));
        var result = JsonNode.Parse(File.ReadAllText(dir.File("s.json")))!;
        var kl = result["kl"]!;
        foreach (var key in new[] { "times", "mean", "median", "lower", "upper" }) Assert.Equal(11, kl[key]!.AsArray().Count);
        Assert.Equal(3, result["final_kl"]!.AsArray().Count);
        Assert.True((double)result["diagnostics"]!["max_mass_error"]! < 1e-12);
        Assert.Equal(12, File.ReadAllLines(dir.File("s.csv")).Length);
    }

    [Fact]
    public void Same_seed_gives_the_same_curves()
    {
        using var dir = new TempDirectory();
        CliApp.Run(Small(dir.File("a.json")));
        CliApp.Run(Small(dir.File("b.json")));
        string Kl(string f) => JsonNode.Parse(File.ReadAllText(dir.File(f)))!["kl"]!.ToJsonString();
        Assert.Equal(Kl("a.json"), Kl("b.json"));
    }

    [Theory]
    [InlineData("--cells", "3")]
    [InlineData("--dim", "3")]
    [InlineData("--noise", "-1")]
    [InlineData("--realisations", "0")]
    [InlineData("--boundary", "open")]
    [InlineData("--form", "ito")]
    [InlineData("--horizon", "0")]
    [InlineData("--fit-from", "0.9")]
    public void Bad_options_are_usage_errors_and_write_nothing(string option, string value)
    {
        using var dir = new TempDirectory();
        Assert.Equal(2, CliApp.Run(Small(dir.File("s.json"), option, value)));
        Assert.False(File.Exists(dir.File("s.json")));
    }

    [Fact]
    public void Frozen_target_funnel_gives_a_positive_restoring_rate()
    {
        using var dir = new TempDirectory();
        Assert.Equal(0, CliApp.Run(Small(dir.File("f.json"), "--form", "gradient-flow", "--freeze-target", "true", "--initial-shift", "1", "--fit-from", "0.05", "--record-points", "41", "--cells", "48", "--noise", "0.1")));
        var fit = JsonNode.Parse(File.ReadAllText(dir.File("f.json")))!["fit"]!;
        Assert.True((double)fit["lambda"]! > 0);
        Assert.Equal(0.05, (double)fit["fit_from"]!);
    }

    [Fact]
    public void Json_path_is_required()
    {
        Assert.Equal(2, CliApp.Run(["spde", "--cells", "16"]));
    }

    [Theory]
    [InlineData("--noise", "1e308", "--noise 1E+308 makes the stable time step underflow to 0")]
    [InlineData("--noise", "2147483648", "--noise 2.14748E+09 needs about")]
    [InlineData("--cells", "2147483647", "--cells 2147483647 needs about")]
    [InlineData("--realisations", "2147483647", "--realisations 2147483647 needs about")]
    [InlineData("--modes", "2147483647", "--modes 2147483647 needs about")]
    [InlineData("--horizon", "1e308", "--horizon 1E+308 overflows")]
    [InlineData("--initial-shift", "1e308", "--initial-shift 1E+308 moves u_0 off the grid")]
    [InlineData("--record-points", "4", "--record-points 4 leaves 4 of the 4 record times")]
    [InlineData("--fit-from", "1e308", "--fit-from must lie in [0, horizon)")]
    [InlineData("--dim", "2147483647", "--dim must lie in [1, 2]")]
    public void Values_that_hung_or_exhausted_memory_are_one_line_errors_naming_the_option(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var (code, error) = ConsoleCapture.Run(Small(dir.File("s.json"), option, value));
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {message}", error);
        Assert.Single(error.Split('\n'));
        Assert.False(File.Exists(dir.File("s.json")));
    }
}
