using System.Text.Json.Nodes;

namespace ScoreProbe.Cli.Tests.Commands;

[Collection(ConsoleCapture.Name)]
public class DesignGridCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scoreprobe-design-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static readonly string[] Small = ["design-grid", "--dim", "3", "--spectrum", "2", "--sampler", "ddim", "--steps", "8", "--t-min", "0.01", "--draws", "300", "--starts", "0"];

    [Fact]
    public void RecordHoldsTheGridItsCustomStringAndEveryFamilyPredictedAndMeasured()
    {
        var path = Path.Combine(_dir, "d.json");
        Assert.Equal(0, CliApp.Run([.. Small, "--json", path]));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        var grid = json["grid"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();
        Assert.Equal(9, grid.Length);
        Assert.Equal(0.01, grid[0]);
        Assert.Equal(1.0, grid[^1]);
        Assert.Equal(8, json["nfe"]!.GetValue<int>());
        var custom = json["custom"]!.GetValue<string>();
        Assert.Equal(grid, custom["custom:".Length..].Split(',').Select(double.Parse).ToArray());
        var optimised = json["optimised"]!;
        Assert.Equal(optimised["E0"]!.GetValue<double>() + optimised["Edisc"]!.GetValue<double>() + optimised["Q_complete"]!.GetValue<double>(),
            optimised["predicted"]!.GetValue<double>(), 1e-12);
        var kinds = json["standard"]!.AsArray().Select(e => e!["kind"]!.GetValue<string>()).ToArray();
        Assert.Equal(["uniform", "quadratic", "karras", "log-snr"], kinds);
        foreach (var e in json["standard"]!.AsArray())
            Assert.True(optimised["predicted"]!.GetValue<double>() <= e!["predicted"]!.GetValue<double>());

        // kernel --grid accepts the custom string and predicts the same number.
        var kernel = Path.Combine(_dir, "k.json");
        Assert.Equal(0, CliApp.Run(["kernel", "--dim", "3", "--spectrum", "2", "--sampler", "ddim", "--grid", custom, "--draws", "0", "--curve-points", "1", "--json", kernel]));
        Assert.Equal(optimised["predicted"]!.GetValue<double>(), JsonNode.Parse(File.ReadAllText(kernel))!["terminal"]!["predicted"]!.GetValue<double>(), 1e-12);
    }

    [Fact]
    public void ExactScoreIsMeasuredExactlyAndHeunCountsTwoEvaluationsPerStep()
    {
        var path = Path.Combine(_dir, "heun.json");
        Assert.Equal(0, CliApp.Run(["design-grid", "--dim", "2", "--sampler", "heun", "--nfe", "12", "--eps", "0", "--t-min", "0.01", "--starts", "0", "--json", path]));
        var json = JsonNode.Parse(File.ReadAllText(path))!;
        Assert.Equal(6, json["steps"]!.GetValue<int>());
        Assert.Equal(12, json["nfe"]!.GetValue<int>());
        var optimised = json["optimised"]!;
        Assert.Equal(optimised["predicted"]!.GetValue<double>(), optimised["measured"]!.GetValue<double>(), 1e-15);
        Assert.Equal(7, optimised["evaluation_times"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("--steps", "0", "--steps")]
    [InlineData("--nfe", "15", "--nfe")]
    [InlineData("--nfe", "0", "--nfe")]
    [InlineData("--draws", "1", "--draws")]
    public void BadInputIsOneLineExitTwoAndNoFile(string option, string value, string named)
    {
        var path = Path.Combine(_dir, "bad.json");
        var (exit, message) = ConsoleCapture.Run("design-grid", "--sampler", "heun", "--eps", "0", option, value, "--json", path);
        Assert.Equal(2, exit);
        Assert.False(File.Exists(path));
        Assert.StartsWith("error:", message);
        Assert.DoesNotContain('\n', message);
        Assert.Contains(named, message);
    }

    [Theory]
    [InlineData("rk4", "ar1", "--sampler")]
    [InlineData("ddim", "random-features", "--error-model")]
    public void ErrorModelsTheDesignCannotDifferentiateAreBadInput(string sampler, string model, string named)
    {
        var (exit, message) = ConsoleCapture.Run("design-grid", "--sampler", sampler, "--error-model", model, "--steps", "4", "--eps", "0.1");
        Assert.Equal(2, exit);
        Assert.Contains(named, message);
    }
}
