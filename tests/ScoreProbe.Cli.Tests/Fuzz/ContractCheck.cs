using System.Text.Json;
using System.Text.RegularExpressions;

namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>Every file under a folder with its size and write time, to tell what a run wrote.</summary>
internal sealed class FolderSnapshot
{
    private readonly Dictionary<string, (long Size, DateTime Written)> _files;

    private FolderSnapshot(Dictionary<string, (long, DateTime)> files) => _files = files;

    public static FolderSnapshot Take(string folder) => new(Directory
        .EnumerateFileSystemEntries(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = 0 })
        .ToDictionary(p => Path.GetRelativePath(folder, p), p => File.Exists(p) ? (new FileInfo(p).Length, File.GetLastWriteTimeUtc(p)) : (-1L, DateTime.MinValue)));

    /// <summary>Entries that are new, changed or gone since <paramref name="before"/>.</summary>
    public IReadOnlyList<string> ChangedSince(FolderSnapshot before) =>
        _files.Where(f => !before._files.TryGetValue(f.Key, out var old) || old != f.Value).Select(f => f.Key)
            .Concat(before._files.Keys.Where(k => !_files.ContainsKey(k)).Select(k => k + " (deleted)"))
            .Order(StringComparer.Ordinal).ToList();
}

/// <summary>
/// The bad-input contract (docs/DESIGN-NOTES.md) checked on one finished run. Exit 0 or 2, never anything else, never a
/// hang. On 2: exactly one line starting <c>error: </c>, the last one, that names the option (or the file or folder given)
/// and holds only printable text; nothing written in the case folder. On 0: no error line, and every JSON file the run
/// wrote parses and holds no NaN or infinity outside the fields documented to allow them. Never a stack trace, a .NET type
/// name or a native backtrace on either stream.
/// </summary>
internal static partial class ContractCheck
{
    private static readonly string[] Forbidden = ["System.", "   at ", "Unhandled", "frame #"];

    /// <summary>
    /// Result fields documented to hold non-finite numbers, as (file name, JSON path) patterns. Keep each with its reason.
    /// </summary>
    private static readonly (Regex File, Regex Path, string Why)[] NonFiniteAllowed = [];

    /// <summary>The first broken promise, or null when the run kept the contract.</summary>
    public static string? Problem(FuzzCase fuzzCase, CliRun run, string folder, FolderSnapshot before, TimeSpan timeout)
    {
        if (run.TimedOut) return $"hang: still running after {timeout.TotalSeconds:F0} s";
        var stderrLines = Lines(run.Stderr);
        foreach (var marker in Forbidden)
        {
            if (run.Stderr.Contains(marker, StringComparison.Ordinal)) return $"stderr shows '{marker.Trim()}': {FirstWith(stderrLines, marker)}";
            if (run.Stdout.Contains(marker, StringComparison.Ordinal)) return $"stdout shows '{marker.Trim()}': {FirstWith(Lines(run.Stdout), marker)}";
        }
        var errors = stderrLines.Where(l => l.StartsWith("error:", StringComparison.Ordinal)).ToList();
        var written = FolderSnapshot.Take(folder).ChangedSince(before);
        switch (run.ExitCode)
        {
            case 0:
                if (errors.Count > 0) return $"exit 0 with an error line: {errors[0]}";
                return written.Where(p => p.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && File.Exists(Path.Combine(folder, p)))
                    .Select(p => JsonProblem(folder, p)).FirstOrDefault(p => p is not null);
            case 2:
                if (errors.Count != 1) return errors.Count == 0 ? $"exit 2 without an error line; stderr: {Last(stderrLines)}" : $"{errors.Count} error lines: {string.Join(" | ", errors)}";
                if (stderrLines[^1] != errors[0]) return $"the error line is not the last line on stderr; last: {stderrLines[^1]}";
                var line = errors[0];
                if (!line.StartsWith("error: ", StringComparison.Ordinal)) return $"malformed error line: {line}";
                if (line.Any(c => char.IsControl(c) || c == '\uFFFD')) return $"error line holds raw bytes: {Printable(line)}";
                if (!NamesTarget(fuzzCase, line)) return $"error line does not name {fuzzCase.TargetName}: {line}";
                if (written.Count > 0) return $"exit 2 but wrote {string.Join(", ", written.Take(3))}";
                return null;
            default:
                return $"exit {run.ExitCode}: {Printable(errors.FirstOrDefault() ?? Last(stderrLines))}";
        }
    }

    private static bool NamesTarget(FuzzCase fuzzCase, string line)
    {
        if (fuzzCase.Target is not { } target) return true;
        if (line.Contains(target.Name, StringComparison.Ordinal)) return true;
        var value = fuzzCase.Value?.Text ?? "";
        // A positional argument has no option name to show: the message names its value, quoted when empty. A flag
        // takes no value, so the parser reports the text after it as an unexpected argument, which names the text.
        if (target.IsArgument || target.Kind == TargetKind.Flag) return line.Contains(value.Length > 0 ? value : "''", StringComparison.Ordinal);
        return (fuzzCase.Class!.NamesValue || fuzzCase.PathInput) && value.Length > 0 && line.Contains(value, StringComparison.Ordinal);
    }

    private static string? JsonProblem(string folder, string relative)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(folder, relative)));
        }
        catch (JsonException e)
        {
            return $"{relative} does not parse: {e.Message}";
        }
        using (document)
        {
            var name = Path.GetFileName(relative);
            var bad = NonFinite(document.RootElement, "$")
                .FirstOrDefault(path => !NonFiniteAllowed.Any(a => a.File.IsMatch(name) && a.Path.IsMatch(path)));
            return bad is null ? null : $"{relative} holds a non-finite number at {bad}";
        }
    }

    private static IEnumerable<string> NonFinite(JsonElement element, string path) => element.ValueKind switch
    {
        JsonValueKind.Object => element.EnumerateObject().SelectMany(p => NonFinite(p.Value, $"{path}.{p.Name}")),
        JsonValueKind.Array => element.EnumerateArray().SelectMany((e, i) => NonFinite(e, $"{path}[{i}]")),
        JsonValueKind.String when element.GetString() is "NaN" or "Infinity" or "-Infinity" => [path],
        _ => [],
    };

    private static List<string> Lines(string text) => text.Split('\n').Select(l => l.TrimEnd('\r')).Where(l => l.Trim().Length > 0).ToList();

    private static string FirstWith(List<string> lines, string marker) => Printable(lines.FirstOrDefault(l => l.Contains(marker, StringComparison.Ordinal)) ?? "");

    private static string Last(List<string> lines) => lines.Count == 0 ? "(empty)" : Printable(lines[^1]);

    /// <summary>The text with control characters shown as \xNN, shortened for the table.</summary>
    public static string Printable(string text)
    {
        var shown = ControlCharacter().Replace(text, m => $"\\x{(int)m.Value[0]:X2}");
        return shown.Length <= 240 ? shown : shown[..240] + "…";
    }

    [GeneratedRegex(@"[\p{Cc}]")]
    private static partial Regex ControlCharacter();
}
