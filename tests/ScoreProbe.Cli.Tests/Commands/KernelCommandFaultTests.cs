using System.Text.Json.Nodes;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>Inputs that used to end in an IndexOutOfRange inside the eigen-decomposition of the Monte Carlo reference (issue 14).</summary>
public class KernelCommandFaultTests
{
    /// <summary>The engine's message (GaussianTargetTests) says the range and the fix; here the command exits 2 and writes nothing.</summary>
    [Fact]
    public void Target_variances_beyond_double_precision_are_a_one_line_error()
    {
        using var dir = new TempDirectory();
        var target = Path.Combine(dir.Path, "target.json");
        File.WriteAllText(target, "{\"mean\": [0, 0], \"covariance\": [[1e300, 0], [0, 1e-300]]}");
        var json = Path.Combine(dir.Path, "k.json");

        Assert.Equal(2, CliApp.Run(["kernel", "--target", target, "--steps", "20", "--draws", "20", "--json", json]));
        Assert.False(File.Exists(json));
    }

    /// <summary>Errors of size 1e10 blow the sampler up for every draw: the command says so (exit 0) and records an infinite mean.</summary>
    [Fact]
    public void Huge_errors_with_draws_report_the_blow_up()
    {
        using var dir = new TempDirectory();
        var json = Path.Combine(dir.Path, "k.json");

        Assert.Equal(0, CliApp.Run(["kernel", "--eps", "1e10", "--steps", "20", "--draws", "20", "--curve-points", "1", "--json", json]));
        var measured = JsonNode.Parse(File.ReadAllText(json))!["terminal"]!["measured"]!;
        Assert.Equal("Infinity", measured.ToJsonString().Trim('"'));
    }
}
