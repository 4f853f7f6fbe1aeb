using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// An experiment result file as read back: the record and the envelope around it. <paramref name="FileName"/> is the
/// file's name inside the results directory; <paramref name="Timing"/> the envelope's timing block.
/// </summary>
public sealed record ExperimentFile(
    string FileName,
    ExperimentRecord Record,
    string Command,
    JsonNode? Config,
    JsonNode? Versions,
    JsonObject Timing)
{
    /// <summary>Wall-clock run time, when the experiment recorded <c>timing.total_seconds</c>.</summary>
    public double? TotalSeconds =>
        Timing["total_seconds"] is JsonValue v && v.TryGetValue<double>(out var seconds) ? seconds : null;

    /// <summary>
    /// Reads every <c>DIR/*.json</c> that has the experiment record shape (a root object with a <c>verdict</c>),
    /// in file-name order. Other JSON files are ignored; unreadable or invalid records become warnings that name the file.
    /// </summary>
    public static (IReadOnlyList<ExperimentFile> Files, IReadOnlyList<string> Warnings) ReadDirectory(string dir)
    {
        var files = new List<ExperimentFile>();
        var warnings = new List<string>();
        var paths = Directory.GetFiles(dir, "*.json").OrderBy(p => p, StringComparer.Ordinal);
        foreach (var path in paths)
        {
            var fileName = Path.GetFileName(path);
            try
            {
                if (Parse(fileName, File.ReadAllText(path)) is not { } file) continue;
                var clash = files.FirstOrDefault(f => f.Record.Name == file.Record.Name);
                if (clash is not null)
                    warnings.Add($"{fileName}: experiment '{file.Record.Name}' already read from {clash.FileName}; skipped");
                else
                    files.Add(file);
            }
            catch (Exception e) when (e is JsonException or InvalidDataException or InvalidOperationException or FormatException or IOException)
            {
                warnings.Add($"{fileName}: {e.Message}; skipped");
            }
        }
        return (files, warnings);
    }

    /// <summary>
    /// Parses one file: null when it is JSON but not an experiment record, <see cref="InvalidDataException"/>
    /// (or <see cref="JsonException"/>) when it is meant to be one and is broken.
    /// </summary>
    public static ExperimentFile? Parse(string fileName, string json)
    {
        if (JsonNode.Parse(json) is not JsonObject root || !root.ContainsKey("verdict")) return null;
        var version = root["schema_version"]?.GetValue<int>();
        if (version != ResultJson.SchemaVersion)
            throw new InvalidDataException($"schema_version {version?.ToString() ?? "missing"}, this report reads {ResultJson.SchemaVersion}");
        var record = root.Deserialize<ExperimentRecord>(ResultJson.Options)
            ?? throw new InvalidDataException("empty experiment record");
        var problems = ExperimentRecordValidation.Problems(record);
        if (problems.Count > 0) throw new InvalidDataException(string.Join("; ", problems));
        return new ExperimentFile(fileName, record,
            root["command"]?.GetValue<string>() ?? "",
            root["config"]?.DeepClone(),
            root["versions"]?.DeepClone(),
            root["timing"] as JsonObject is { } timing ? timing.DeepClone().AsObject() : []);
    }
}
