using System.CommandLine;
using System.Reflection;
using System.Text.RegularExpressions;
using ScoreProbe.Core;

namespace ScoreProbe.Cli.Infrastructure;

/// <summary>
/// The CLI's one error convention. Bad input (<see cref="InvalidConfigurationException"/>, from any layer) is one line
/// <c>error: …</c> with exit code <see cref="BadInput"/>; anything else is a defect: one line naming a log file that
/// holds the details, exit code <see cref="InternalFailure"/>. No stack trace reaches the terminal.
/// </summary>
public static partial class CliErrors
{
    public const int BadInput = 2;

    /// <summary>EX_SOFTWARE of sysexits.h: an internal error, distinct from bad input.</summary>
    public const int InternalFailure = 70;

    /// <summary>The bad-input exception inside <paramref name="e"/> (directly, or wrapped by a task or reflection), or null.</summary>
    public static InvalidConfigurationException? FindBadInput(Exception e) => e switch
    {
        InvalidConfigurationException bad => bad,
        AggregateException { InnerExceptions.Count: > 0 } aggregate =>
            aggregate.Flatten().InnerExceptions.Select(FindBadInput).FirstOrDefault(x => x is not null),
        TargetInvocationException { InnerException: { } inner } => FindBadInput(inner),
        TypeInitializationException { InnerException: { } inner } => FindBadInput(inner),
        _ => null,
    };

    /// <summary>The one-line message for bad input, with the engine's parameter replaced by the flag that set it.</summary>
    public static string Describe(InvalidConfigurationException e, Command? command)
    {
        var text = e.Parameter is { } parameter && ParameterFlags.Resolve(command, parameter) is { } flag
            ? $"{flag} {e.Problem}"
            : e.Message;
        return OneLine(text);
    }

    /// <summary>Writes the details of an internal failure to a log file and returns the one line to print.</summary>
    public static string DescribeInternal(Exception e, IReadOnlyList<string> args)
    {
        var log = WriteLog(e, args);
        var summary = OneLine(DotNetTypeName().Replace(e.Message, "").Trim(' ', ':', '.'));
        var where = log is null ? "no log could be written" : $"details in {log}";
        return $"internal failure{(summary.Length > 0 ? $" ({summary})" : "")}; this is a defect in ScoreProbe, not in your input; {where}";
    }

    private static string? WriteLog(Exception e, IReadOnlyList<string> args)
    {
        try
        {
            var folder = Path.Combine(Path.GetTempPath(), "scoreprobe-logs");
            Directory.CreateDirectory(folder);
            var path = Path.Combine(folder, $"crash-{DateTime.UtcNow:yyyyMMdd-HHmmss}-{Environment.ProcessId}.log");
            File.WriteAllText(path, $"scoreprobe {string.Join(' ', args)}\n{DateTime.UtcNow:O}\n\n{e}\n");
            return path;
        }
        catch (Exception)
        {
            return null;
        }
    }

    private static string OneLine(string text) => string.Join(' ', text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    [GeneratedRegex(@"\bSystem(\.[A-Za-z0-9_`]+)+")]
    private static partial Regex DotNetTypeName();
}
