using System.Text.Json.Nodes;

namespace ScoreProbe.Cli.Tests;

[Collection(Commands.ConsoleCapture.Name)]
public class KernelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scoreprobe-kernel-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Small = ["kernel", "--dim", "3", "--steps", "12", "--draws", "400", "--eps", "0.05", "--curve-points", "4"];

    [Fact]
    public void WritesTheDocumentedRecordAndMeasuredCoversPredicted()
    {
        var path = Path.Combine(_dir, "k.json");
        Assert.Equal(0, CliApp.Run([.. Small, "--json", path]));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var terminal = json["terminal"]!;
        foreach (var key in new[] { "E0", "Edisc", "Q_paper", "Q_complete", "Q_diagonal", "predicted", "measured", "measured_ci95" })
            Assert.NotNull(terminal[key]);
        var predicted = terminal["predicted"]!.GetValue<double>();
        Assert.Equal(terminal["E0"]!.GetValue<double>() + terminal["Edisc"]!.GetValue<double>() + terminal["Q_complete"]!.GetValue<double>(), predicted, 1e-12);
        var ci = terminal["measured_ci95"]!.AsArray();
        Assert.InRange(predicted, ci[0]!.GetValue<double>(), ci[1]!.GetValue<double>());
        Assert.Equal(4, json["curve"]!.AsArray().Count);
        Assert.NotNull(json["timing"]!["kernel_seconds"]);
        Assert.Equal(3, json["config"]!["problem"]!["dim"]!.GetValue<int>());
    }

    [Fact]
    public void SameSeedGivesTheSameResultRecord()
    {
        string Run(string name)
        {
            var path = Path.Combine(_dir, name);
            Assert.Equal(0, CliApp.Run([.. Small, "--error-model", "random-features", "--seed", "7", "--json", path]));
            var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            node.Remove("timing");
            return node.ToJsonString();
        }
        Assert.Equal(Run("a.json"), Run("b.json"));
    }

    [Theory]
    [InlineData("--eps", "-0.1")]
    [InlineData("--rho", "1.5")]
    [InlineData("--steps", "0")]
    [InlineData("--draws", "1")]
    [InlineData("--sampler", "euler-heun")]
    [InlineData("--error-model", "banana")]
    [InlineData("--schedule", "linear")]
    [InlineData("--error-parts", "all")]
    [InlineData("--t-min", "0")]
    [InlineData("--dim", "abc")]
    [InlineData("--grid", "custom:0.1,0.05,1")]
    [InlineData("--grid", "custom:0.1,x,1")]
    [InlineData("--target", "/nonexistent/target.json")]
    public void BadInputExitsWithTwoAndWritesNothing(string option, string value) => AssertBadInput([.. Small, option, value]);

    /// <summary>Issue 14: each of these was accepted, or rejected with a wrong fix; the message must name the option and the right fix.</summary>
    [Theory]
    [InlineData("--spectrum", "1e308", "--spectrum", "SPD")]
    [InlineData("--grid", "bogus", "custom:t0", "config file")]
    [InlineData("--features", "2147483647", "--features", "Out of memory")]
    public void RejectedValuesNameTheOptionAndTheRightFix(string option, string value, string named, string wrongFix)
    {
        var message = AssertBadInput([.. Small, "--error-model", "random-features", option, value]);
        Assert.Contains(named, message);
        Assert.DoesNotContain(wrongFix, message);
    }

    [Fact]
    public void TargetWithAHugeMeanIsBadInputNotNaN()
    {
        var target = Path.Combine(_dir, "huge.json");
        File.WriteAllText(target, "{\"mean\": [1e308, 0], \"covariance\": [[1, 0], [0, 1]]}");
        var message = AssertBadInput(["kernel", "--target", target, "--steps", "12", "--draws", "0"]);
        Assert.Contains("--target", message);
        Assert.Contains("mean", message);
    }

    [Fact]
    public void RecordedDimensionIsTheTargetFilesDimension()
    {
        var target = Path.Combine(_dir, "two.json");
        File.WriteAllText(target, "{\"covariance\": [[1, 0], [0, 2]]}");
        var path = Path.Combine(_dir, "two-out.json");
        Assert.Equal(0, CliApp.Run(["kernel", "--target", target, "--steps", "12", "--draws", "0", "--curve-points", "1", "--json", path]));
        Assert.Equal(2, JsonNode.Parse(File.ReadAllText(path))!["config"]!["problem"]!["dim"]!.GetValue<int>());
    }

    private string AssertBadInput(string[] args)
    {
        var path = Path.Combine(_dir, "bad.json");
        var (exit, message) = Commands.ConsoleCapture.Run([.. args, "--json", path]);
        Assert.Equal(2, exit);
        Assert.False(File.Exists(path));
        Assert.StartsWith("error:", message);
        Assert.DoesNotContain('\n', message);
        return message;
    }

    [Fact]
    public void UnstableStepSizeIsReportedAsBadInput()
    {
        // Three Euler–Maruyama steps of h = 1/3 from T = 1, where beta = 20: the first step multiplies a mode by -2.3.
        var path = Path.Combine(_dir, "unstable.json");
        Assert.Equal(2, CliApp.Run(["kernel", "--dim", "64", "--spectrum", "2", "--steps", "3", "--draws", "0", "--json", path]));
        Assert.False(File.Exists(path));
    }

    [Fact]
    public void GeneralTargetFromFileMatchesMonteCarlo()
    {
        var target = Path.Combine(_dir, "target.json");
        File.WriteAllText(target, "{\"mean\": [1, -0.5], \"covariance\": [[2.0, 0.6], [0.6, 0.5]]}");
        var path = Path.Combine(_dir, "t.json");
        Assert.Equal(0, CliApp.Run(["kernel", "--target", target, "--steps", "12", "--draws", "600", "--eps", "0.05", "--curve-points", "1", "--json", path]));
        var terminal = JsonNode.Parse(File.ReadAllText(path))!["terminal"]!;
        var ci = terminal["measured_ci95"]!.AsArray();
        Assert.InRange(terminal["predicted"]!.GetValue<double>(), ci[0]!.GetValue<double>(), ci[1]!.GetValue<double>());
        Assert.True(terminal["Q_Delta_mean"]!.GetValue<double>() > 0, "a non-zero mean couples Delta into the mean");
    }
}
