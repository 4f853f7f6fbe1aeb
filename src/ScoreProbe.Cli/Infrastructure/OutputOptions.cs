using System.CommandLine;
using ScoreProbe.Core.IO;

namespace ScoreProbe.Cli.Infrastructure;

/// <summary>
/// Marks options that name output files or folders. Their paths are checked while the command line is parsed
/// (<see cref="OutputPath"/>), so a path that cannot be written is reported as one line before any work starts.
/// </summary>
public static class OutputOptions
{
    /// <summary>The option names a file; <paramref name="suffixes"/> are appended when the command writes several files from one stem (PATH.png, PATH.svg).</summary>
    public static Option<T> WritesFile<T>(this Option<T> option, params string[] suffixes)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>() as string;
            if (value is null && result.Implicit) return;
            string?[] paths = string.IsNullOrEmpty(value) || suffixes.Length == 0 ? [value] : suffixes.Select(s => (string?)(value + s)).ToArray();
            foreach (var path in paths)
                if (OutputPath.Problem(path, folder: false) is { } problem)
                {
                    result.AddError($"{option.Name} {problem}");
                    return;
                }
        });
        return option;
    }

    /// <summary>The option names an output folder.</summary>
    public static Option<T> WritesFolder<T>(this Option<T> option)
    {
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<T>() as string;
            if (value is null && result.Implicit) return;
            if (OutputPath.Problem(value, folder: true) is { } problem) result.AddError($"{option.Name} {problem}");
        });
        return option;
    }
}
