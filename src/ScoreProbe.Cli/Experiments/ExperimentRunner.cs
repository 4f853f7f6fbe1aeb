using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// Runs experiments into a folder, one atomically written <c>NAME.json</c> each. A file whose recorded config equals the
/// current one is reused, so an interrupted <c>experiment all</c> picks up where it stopped.
/// </summary>
public static class ExperimentRunner
{
    public sealed record Outcome(string Name, bool Reproduced, string Summary, string KeyNumber, double Seconds, bool Reused);

    public static IReadOnlyList<Outcome> Run(IReadOnlyList<IExperiment> experiments, ExperimentSettings settings, string dir, bool force)
    {
        CheckRecordPaths(experiments, dir);
        Directory.CreateDirectory(dir);
        var outcomes = new List<Outcome>();
        foreach (var experiment in experiments)
        {
            var path = RecordPath(dir, experiment);
            var config = ResultJson.ToNode(experiment.Configuration(settings) )!;
            var configNode = JsonSerializer.SerializeToNode(new { quick = settings.Quick, experiment = config }, ResultJson.Options)!;
            if (!force && TryReuse(path, configNode) is { } reused)
            {
                Console.Error.WriteLine($"{experiment.Name}: reusing {path}");
                outcomes.Add(reused);
                continue;
            }
            var clock = Stopwatch.StartNew();
            var record = experiment.Run(settings, line => Console.Error.WriteLine($"{experiment.Name}: {line} ({clock.Elapsed.TotalSeconds:F1}s)"));
            var seconds = clock.Elapsed.TotalSeconds;
            ResultJson.Write(path, ResultJson.Envelope($"experiment {experiment.Name}", configNode, ResultJson.ToNode(record)!.AsObject(),
                Timing(record, seconds)));
            outcomes.Add(Summarise(record, seconds, reused: false));
        }
        return outcomes;
    }

    private static JsonObject Timing(ExperimentRecord record, double seconds)
    {
        var timing = new JsonObject { ["total_seconds"] = seconds };
        foreach (var (part, partSeconds) in record.PartSeconds) timing[part + "_seconds"] = partSeconds;
        return timing;
    }

    /// <summary>Refuses, before any experiment runs, a folder where one of the records belongs (parameter <c>out</c>).</summary>
    public static void CheckRecordPaths(IReadOnlyList<IExperiment> experiments, string dir)
    {
        foreach (var experiment in experiments)
            if (Directory.Exists(RecordPath(dir, experiment)))
                throw new InvalidConfigurationException("out", $"'{dir}' holds a folder named {experiment.Name}.json where the record belongs; move it away or choose another folder");
    }

    private static string RecordPath(string dir, IExperiment experiment) => Path.Combine(dir, experiment.Name + ".json");

    /// <summary>The earlier record at <paramref name="path"/> when it is a valid record of the same config; a damaged one is run again.</summary>
    private static Outcome? TryReuse(string path, JsonNode config)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var file = ExperimentFile.Parse(Path.GetFileName(path), File.ReadAllText(path));
            if (file is null || !JsonNode.DeepEquals(file.Config, config)) return null;
            return Summarise(file.Record, file.TotalSeconds ?? 0, reused: true);
        }
        catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException)
        {
            Console.Error.WriteLine($"warning: {Path.GetFileName(path)} is not a valid record ({e.Message}); running the experiment again");
            return null;
        }
    }

    private static Outcome Summarise(ExperimentRecord record, double seconds, bool reused) => new(record.Name, record.Verdict.Reproduced,
        record.Verdict.Summary, record.Numbers.FirstOrDefault() is { } n ? $"{n.Name} = {n.Value:G4}" : "", seconds, reused);
}
