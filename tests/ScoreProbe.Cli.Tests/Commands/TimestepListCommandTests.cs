using System.Text.Json.Nodes;

namespace ScoreProbe.Cli.Tests.Commands;

[Collection(ConsoleCapture.Name)]
public class TimestepListCommandTests
{
    [Fact]
    public void DesignGridForACheckpointWritesADesignedListThatPredictAndSampleAccept()
    {
        using var dir = new TempDirectory();
        var checkpoint = TrainedCheckpoints.Train(dir, "gaussian:3", seed: 5);
        string[] common = ["--reps", "2", "--batch", "32", "--n", "200", "--bootstrap", "20", "--seed", "1"];
        Assert.Equal(0, CliApp.Run(["design-grid", "--checkpoint", checkpoint, "--steps", "5", "--knots", "10", "--starts", "0", .. common, "--json", dir.File("design.json")]));
        var record = JsonNode.Parse(File.ReadAllText(dir.File("design.json")))!.AsObject();
        var timesteps = record["timesteps"]!.AsArray().Select(t => (int)t!).ToArray();
        Assert.Equal(5, timesteps.Length);
        Assert.Equal(999, timesteps[0]);
        Assert.True(timesteps.Zip(timesteps.Skip(1)).All(p => p.First > p.Second) && timesteps[^1] >= 0);
        foreach (var key in new[] { "designed", "leading", "trailing", "exact_score_design" })
        {
            var list = record[key]!.AsObject();
            foreach (var part in new[] { "timesteps", "predicted", "predicted_ci95", "parts", "measured", "measured_ci95" })
                Assert.True(list.ContainsKey(part), $"{key} lacks {part}");
        }
        Assert.Equal("800,600,400,200,0", (string)record["leading"]!["timesteps_arg"]!);
        Assert.Equal("999,799,599,399,199", (string)record["trailing"]!["timesteps_arg"]!);
        Assert.Contains((string)record["verdict"]!["vs_trailing"]!, new[] { "better", "within-noise", "worse" });

        // predict on the designed list, same probe and sampling seeds: the numbers the design record gives for it.
        var arg = (string)record["timesteps_arg"]!;
        Assert.Equal(0, CliApp.Run(["predict", "--checkpoint", checkpoint, "--sampler", "ddim", "--timesteps", arg, .. common, "--json", dir.File("predict.json")]));
        var predicted = JsonNode.Parse(File.ReadAllText(dir.File("predict.json")))!.AsObject();
        Assert.Equal((double)record["designed"]!["predicted"]!, (double)predicted["predicted"]!, 1e-12);
        Assert.Equal((double)record["designed"]!["measured"]!, (double)predicted["measured"]!, 1e-12);
        Assert.Equal(0, CliApp.Run(["sample", "--checkpoint", checkpoint, "--sampler", "ddim", "--timesteps", arg, "--n", "8", "--csv", dir.File("s.csv")]));
        Assert.Equal(8, File.ReadAllLines(dir.File("s.csv")).Length);
    }

    [Theory]
    [InlineData("sample", "999,500,500", "--timesteps must be strictly descending")]
    [InlineData("sample", "1000,10", "--timesteps entry 0 is 1000")]
    [InlineData("predict", "10,20", "--timesteps must be strictly descending")]
    [InlineData("predict", "999,x", "--timesteps must be a comma list")]
    [InlineData("predict", "999,-3", "--timesteps entry 1 is -3")]
    public void BadTimestepListsAreOneLineAndExitTwo(string command, string list, string says)
    {
        using var dir = new TempDirectory();
        var checkpoint = TrainedCheckpoints.Untrained(dir, "gaussian:3", "mlp", [3]);
        string[] args = command == "sample"
            ? ["sample", "--checkpoint", checkpoint, "--sampler", "ddim", "--timesteps", list, "--n", "4", "--csv", dir.File("s.csv")]
            : ["predict", "--checkpoint", checkpoint, "--sampler", "ddim", "--timesteps", list, "--json", dir.File("p.json")];
        var (code, error) = ConsoleCapture.Run(args);
        Assert.Equal(2, code);
        Assert.Single(error.Split('\n'));
        Assert.StartsWith("error: " + says, error);
        Assert.False(File.Exists(dir.File("s.csv")) || File.Exists(dir.File("p.json")));
    }
}
