using System.Text.Json.Nodes;
using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Cli.Tests.Commands;

[Collection(ConsoleCapture.Name)]
public class ResidualsAndPredictCommandTests
{
    [Fact]
    public void ResidualsOfAnEnsembleShareTheirPairsAndAreReadByEstimate()
    {
        using var dir = new TempDirectory();
        var a = TrainedCheckpoints.Train(dir, "gaussian:3", seed: 1);
        var b = TrainedCheckpoints.Train(dir, "gaussian:3", seed: 2);
        var residuals = dir.File("res.csv");
        var manifest = dir.File("res.json");
        Assert.Equal(0, CliApp.Run(["residuals", "--checkpoint", a, b, "--sampler", "ddim", "--steps", "5", "--reps", "3", "--batch", "16",
            "--out", residuals, "--json", manifest, "--seed", "4"]));
        var set = ResidualFile.Read(residuals, "csv");
        Assert.Equal(6, set.Repetitions);
        Assert.Equal(5, set.TimeCount);
        // Member 1's repetitions 3..5 use the pairs of member 0's 0..2: identical states, different residuals.
        for (var a0 = 0; a0 < 5; a0++)
        {
            Assert.Equal(set.State(0, a0, 7).ToArray(), set.State(3, a0, 7).ToArray());
            Assert.NotEqual(set.Residual(0, a0, 7).ToArray(), set.Residual(3, a0, 7).ToArray());
        }
        var members = JsonNode.Parse(File.ReadAllText(manifest))!["members"]!.AsArray();
        Assert.Equal(3, (int)members[1]!["first_rep"]!);
        Assert.Equal(0, CliApp.Run(["estimate", "--residuals", residuals, "--json", dir.File("est.json")]));
    }

    [Fact]
    public void PredictWritesThePredictedSurrogateAndMeasuredW2ReproduciblyForOneSeed()
    {
        using var dir = new TempDirectory();
        var checkpoint = TrainedCheckpoints.Train(dir, "gaussian:3", seed: 3);
        string[] Args(string json) => ["predict", "--checkpoint", checkpoint, "--sampler", "ddim", "--steps", "10", "--n", "300", "--reps", "2",
            "--batch", "32", "--bootstrap", "20", "--seed", "2", "--json", json];
        Assert.Equal(0, CliApp.Run(Args(dir.File("a.json"))));
        Assert.Equal(0, CliApp.Run(Args(dir.File("b.json"))));
        var result = JsonNode.Parse(File.ReadAllText(dir.File("a.json")))!.AsObject();
        foreach (var key in new[] { "predicted", "predicted_ci95", "surrogate", "measured", "measured_ci95", "affine_r2", "curve", "config", "timing" })
            Assert.True(result.ContainsKey(key), $"missing key {key}");
        var predicted = (double)result["predicted"]!;
        var ci = result["predicted_ci95"]!.AsArray();
        Assert.InRange(predicted, (double)ci[0]!, (double)ci[1]!);
        Assert.Equal(10, result["affine_r2"]!.AsArray().Count);
        var parts = result["parts"]!;
        var sum = (double)parts["E0"]! + (double)parts["Edisc"]! + (double)parts["systematic_first"]! + (double)parts["systematic_second"]! + (double)parts["Q"]!
                  - (double)parts["fitting_noise_bias"]!;
        Assert.Equal(predicted, sum, 1e-12);
        Assert.Equal(0, (double)result["curve"]![0]!["k"]!);
        static string WithoutTiming(string path)
        {
            var node = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
            node.Remove("timing");
            return node.ToJsonString();
        }
        Assert.Equal(WithoutTiming(dir.File("a.json")), WithoutTiming(dir.File("b.json")));
    }

    public static TheoryData<string, string> BadInput() => new()
    {
        { "image", "" },
        { "steps", "2000" },
        { "reps", "1" },
        { "kind", "exact" },
        { "missing", "" },
        { "sampler", "euler-ancestral" },
    };

    [Theory]
    [MemberData(nameof(BadInput))]
    public void BadInputIsOneLineExitTwoAndNothingWritten(string problem, string value)
    {
        using var dir = new TempDirectory();
        var vector = TrainedCheckpoints.Untrained(dir, "gaussian:3", "mlp", [3]);
        var checkpoint = problem switch
        {
            "image" => TrainedCheckpoints.Untrained(dir, "images:/nowhere", "unet-small", [1, 16, 16]),
            "kind" => TrainedCheckpoints.Untrained(dir, "gmm:2", "mlp", [2]),
            "missing" => dir.File("missing.ckpt"),
            _ => vector,
        };
        string[] extra = problem switch
        {
            "steps" => ["--steps", value],
            "reps" => ["--reps", value],
            "kind" => ["--kind", value],
            "sampler" => ["--sampler", value],
            _ => [],
        };
        var outputs = new[] { dir.File("res.csv"), dir.File("pred.json") };
        string[][] commands =
        [
            ["residuals", "--checkpoint", checkpoint, "--sampler", "ddim", "--steps", "5", "--batch", "8", "--out", outputs[0], .. extra],
            ["predict", "--checkpoint", checkpoint, "--sampler", "ddim", "--steps", "5", "--batch", "8", "--n", "0", "--json", outputs[1], .. extra],
        ];
        foreach (var command in commands)
        {
            var error = new StringWriter();
            var saved = Console.Error;
            Console.SetError(error);
            try
            {
                Assert.Equal(2, CliApp.Run(command));
            }
            finally
            {
                Console.SetError(saved);
            }
            var message = error.ToString().Trim();
            Assert.StartsWith("error:", message);
            Assert.DoesNotContain('\n', message);
        }
        Assert.All(outputs, path => Assert.False(File.Exists(path), $"{path} was written"));
    }

    [Fact]
    public void PredictRejectsABatchThatCannotIdentifyAFullDelta()
    {
        using var dir = new TempDirectory();
        var checkpoint = TrainedCheckpoints.Untrained(dir, "gaussian:3", "mlp", [3]);
        Assert.Equal(2, CliApp.Run(["predict", "--checkpoint", checkpoint, "--sampler", "ddim", "--steps", "5", "--batch", "3", "--n", "0", "--json", dir.File("p.json")]));
        Assert.False(File.Exists(dir.File("p.json")));
    }
}
