using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Cli.Report;

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
        Directory.CreateDirectory(dir);
        var outcomes = new List<Outcome>();
        foreach (var experiment in experiments)
        {
            var path = Path.Combine(dir, experiment.Name + ".json");
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
                new JsonObject { ["total_seconds"] = seconds }));
            outcomes.Add(Summarise(record, seconds, reused: false));
        }
        return outcomes;
    }

    private static Outcome? TryReuse(string path, JsonNode config)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var node = JsonNode.Parse(File.ReadAllText(path))!;
            if (!JsonNode.DeepEquals(node["config"], config)) return null;
            var record = node.Deserialize<ExperimentRecord>(ResultJson.Options);
            return record is null ? null : Summarise(record, node["timing"]?["total_seconds"]?.GetValue<double>() ?? 0, reused: true);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static Outcome Summarise(ExperimentRecord record, double seconds, bool reused) => new(record.Name, record.Verdict.Reproduced,
        record.Verdict.Summary, record.Numbers.FirstOrDefault() is { } n ? $"{n.Name} = {n.Value:G4}" : "", seconds, reused);
}
