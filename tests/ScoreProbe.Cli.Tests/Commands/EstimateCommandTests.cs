using System.Text.Json.Nodes;
using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Cli.Tests.Commands;

[Collection(ConsoleCapture.Name)]
public class EstimateCommandTests
{
    [Theory]
    [InlineData("res.csv")]
    [InlineData("res.bin")]
    public void Synthesized_residuals_round_trip_into_a_covariance_result(string name)
    {
        using var dir = new TempDirectory();
        var residuals = dir.File(name);
        Assert.Equal(0, CliApp.Run(["estimate", "--synthesize", residuals, "--times", "5", "--reps", "400", "--batch", "32", "--dim", "2", "--rho", "0.6", "--seed", "3"]));
        var json = dir.File("est.json");
        Assert.Equal(0, CliApp.Run(["estimate", "--residuals", residuals, "--structure", "separable", "--diagonal-delta", "--bootstrap", "50", "--seed", "3", "--json", json]));

        var result = JsonNode.Parse(File.ReadAllText(json))!;
        Assert.Equal("estimate", (string)result["command"]!);
        var covariance = result["covariance"]!;
        // The synthetic model has tr Var delta_a = d ShiftSd^2 = 0.02 and lag-one correlation 0.6 (about 5% sampling error at R = 400).
        Assert.InRange((double)covariance["shift_trace_kernel"]![0]![0]!, 0.017, 0.023);
        Assert.InRange((double)covariance["rho"]!, 0.54, 0.66);
        // t_a = (a + 1)/5, so h = 0.2 and ell = -h / ln rho.
        Assert.Equal(-0.2 / Math.Log((double)covariance["rho"]!), (double)covariance["correlation_length"]!, 12);
        Assert.Equal(20, covariance["stacked"]!.AsArray().Count);
        Assert.Equal(5, result["per_time"]!.AsArray().Count);
        Assert.NotNull(result["bootstrap"]!["shift_correlated_total"]!["lower"]);
        Assert.Null(result["predicted_error"]);
    }

    [Fact]
    public void Same_seed_gives_the_same_covariance()
    {
        using var dir = new TempDirectory();
        var residuals = dir.File("res.csv");
        CliApp.Run(["estimate", "--synthesize", residuals, "--times", "4", "--reps", "20", "--batch", "8", "--dim", "1", "--seed", "1"]);
        CliApp.Run(["estimate", "--residuals", residuals, "--structure", "banded", "--seed", "5", "--json", dir.File("a.json")]);
        CliApp.Run(["estimate", "--residuals", residuals, "--structure", "banded", "--seed", "5", "--json", dir.File("b.json")]);
        string Covariance(string file) => JsonNode.Parse(File.ReadAllText(dir.File(file)))!["covariance"]!.ToJsonString();
        Assert.Equal(Covariance("a.json"), Covariance("b.json"));
    }

    [Fact]
    public void Missing_residual_file_is_a_usage_error_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        Assert.Equal(2, CliApp.Run(["estimate", "--residuals", dir.File("missing.csv"), "--json", dir.File("out.json")]));
        Assert.False(File.Exists(dir.File("out.json")));
    }

    [Fact]
    public void Malformed_csv_row_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("bad.csv"), "rep,time_index,t,x_0,r_0\n0,0,0.5,1,2\n0,0,0.5,oops,2\n1,0,0.5,1,2\n1,0,0.5,1,2\n");
        Assert.Equal(2, CliApp.Run(["estimate", "--residuals", dir.File("bad.csv"), "--json", dir.File("out.json")]));
        Assert.False(File.Exists(dir.File("out.json")));
    }

    [Fact]
    public void A_single_repetition_is_a_usage_error()
    {
        using var dir = new TempDirectory();
        var two = new SyntheticResidualModel(Times: 3, Repetitions: 2, Batch: 4, Dim: 1, Rho: 0.5).Sample(1);
        double[] First(Func<int, int, ReadOnlySpan<double>> values) =>
            [.. Enumerable.Range(0, 3).SelectMany(a => Enumerable.Range(0, 4).SelectMany(j => values(a, j).ToArray()))];
        var set = new ResidualSet(two.Times, 1, 4, 1, First((a, j) => two.State(0, a, j)), First((a, j) => two.Residual(0, a, j)));
        File.WriteAllBytes(dir.File("one.bin"), ResidualBinary.Write(set));
        Assert.Equal(2, CliApp.Run(["estimate", "--residuals", dir.File("one.bin"), "--json", dir.File("out.json")]));
        Assert.False(File.Exists(dir.File("out.json")));
    }

    [Theory]
    [InlineData("--ridge", "-0.1")]
    [InlineData("--structure", "wavelet")]
    [InlineData("--bootstrap", "5")]
    [InlineData("--bandwidth", "-1")]
    [InlineData("--rank", "0")]
    [InlineData("--format", "parquet")]
    public void Bad_options_are_usage_errors_and_write_nothing(string option, string value)
    {
        using var dir = new TempDirectory();
        var residuals = SmallResiduals(dir);
        Assert.Equal(2, CliApp.Run(["estimate", "--residuals", residuals, option, value, "--json", dir.File("out.json")]));
        Assert.False(File.Exists(dir.File("out.json")));
    }

    [Fact]
    public void Full_delta_with_too_small_a_batch_asks_for_a_ridge()
    {
        using var dir = new TempDirectory();
        var residuals = dir.File("res.csv");
        CliApp.Run(["estimate", "--synthesize", residuals, "--times", "3", "--reps", "6", "--batch", "3", "--dim", "3"]);
        Assert.Equal(2, CliApp.Run(["estimate", "--residuals", residuals, "--json", dir.File("out.json")]));
        Assert.Equal(0, CliApp.Run(["estimate", "--residuals", residuals, "--ridge", "0.1", "--json", dir.File("out.json")]));
    }

    [Fact]
    public void Exactly_one_of_residuals_or_synthesize_is_required()
    {
        using var dir = new TempDirectory();
        Assert.Equal(2, CliApp.Run(["estimate", "--json", dir.File("out.json")]));
        Assert.Equal(2, CliApp.Run(["estimate", "--synthesize", dir.File("res.csv"), "--reps", "1"]));
        Assert.False(File.Exists(dir.File("res.csv")));
    }

    /// <summary>res.csv with m = 3 times, R = 6 repetitions, B = 4 draws in d = 1.</summary>
    private static string SmallResiduals(TempDirectory dir)
    {
        var residuals = dir.File("res.csv");
        Assert.Equal(0, CliApp.Run(["estimate", "--synthesize", residuals, "--times", "3", "--reps", "6", "--batch", "4", "--dim", "1"]));
        return residuals;
    }

    [Fact]
    public void A_binary_file_as_residuals_names_the_file_without_echoing_its_bytes()
    {
        using var dir = new TempDirectory();
        var garbage = new byte[2048];
        new Random(2).NextBytes(garbage);
        File.WriteAllBytes(dir.File("garbage.csv"), garbage);
        var (code, error) = ConsoleCapture.Run("estimate", "--residuals", dir.File("garbage.csv"), "--json", dir.File("out.json"));
        Assert.Equal(2, code);
        Assert.StartsWith($"error: --residuals '{dir.File("garbage.csv")}': line 1: header (binary data, not text)", error);
        Assert.DoesNotContain(error, c => char.IsControl(c) || c == '\uFFFD');
        Assert.False(File.Exists(dir.File("out.json")));
    }

    [Theory]
    [InlineData("--times", "2147483647", "--times 2147483647 gives m R B d")]
    [InlineData("--reps", "2147483647", "--reps 2147483647 gives m R B d")]
    [InlineData("--batch", "2147483647", "--batch 2147483647 gives m R B d")]
    [InlineData("--dim", "2147483647", "--dim 2147483647 gives m R B d")]
    [InlineData("--rho", "NaN", "--rho must lie in (-1, 1) (got NaN)")]
    public void Synthesis_sizes_beyond_memory_are_one_line_errors_naming_the_option(string option, string value, string message)
    {
        using var dir = new TempDirectory();
        var sizes = new Dictionary<string, string> { ["--times"] = "3", ["--reps"] = "4", ["--batch"] = "4", ["--dim"] = "1", [option] = value };
        var (code, error) = ConsoleCapture.Run(["estimate", "--synthesize", dir.File("r.csv"), .. sizes.SelectMany(o => new[] { o.Key, o.Value })]);
        Assert.Equal(2, code);
        Assert.StartsWith($"error: {message}", error);
        Assert.False(File.Exists(dir.File("r.csv")));
    }

    [Fact]
    public void An_impossible_bootstrap_is_refused_up_front_naming_the_option()
    {
        using var dir = new TempDirectory();
        var residuals = SmallResiduals(dir);
        var (code, error) = ConsoleCapture.Run("estimate", "--residuals", residuals, "--bootstrap", "2147483647", "--json", dir.File("out.json"));
        Assert.Equal(2, code);
        Assert.Equal("error: --bootstrap must lie in [10, 1000000] (got 2147483647); pass 0 for no bootstrap", error);
        Assert.False(File.Exists(dir.File("out.json")));
    }

    [Fact]
    public void Residuals_near_the_double_range_are_an_input_error_not_a_crash()
    {
        using var dir = new TempDirectory();
        var residuals = SmallResiduals(dir);
        var lines = File.ReadAllLines(residuals);
        lines[3] = string.Join(',', lines[3].Split(',')[..4].Append("1e308"));
        File.WriteAllLines(residuals, lines);
        var (code, error) = ConsoleCapture.Run("estimate", "--residuals", residuals, "--json", dir.File("out.json"));
        Assert.Equal(2, code);
        Assert.StartsWith("error: --residuals give non-finite", error);
        Assert.False(File.Exists(dir.File("out.json")));
    }
}
