using System.Diagnostics;
using System.Text.Json.Nodes;

namespace ScoreProbe.Bench;

/// <summary>
/// Runs one of the peer scripts in bench/peers with Debian's /usr/bin/python3 and reads its one JSON line. A missing
/// interpreter, torch, or peer source comes back as <see cref="Result.Missing"/> with the reason, never as a failure.
/// </summary>
internal static class PeerProcess
{
    public sealed record Result(JsonNode? Record, string? Missing);

    private const string Python = "/usr/bin/python3";

    /// <summary>The bench/peers folder, found upwards from the running binary.</summary>
    public static string? ScriptFolder()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "bench", "peers");
            if (File.Exists(Path.Combine(candidate, "points.py"))) return candidate;
        }
        return null;
    }

    public static Result Run(string script, params string[] arguments)
    {
        if (!File.Exists(Python)) return new(null, "peer not installed: /usr/bin/python3 is missing");
        if (ScriptFolder() is not { } folder) return new(null, "peer not installed: bench/peers not found above the binary");
        var probe = Start(folder, "-c", "import torch, numpy, scipy");
        probe.WaitForExit();
        if (probe.ExitCode != 0) return new(null, "peer not installed: python3-torch, python3-numpy or python3-scipy is missing (apt-get install them)");
        using var process = Start(folder, [Path.Combine(folder, script), .. arguments]);
        var errors = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        var line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
        var record = line is null ? null : JsonNode.Parse(line);
        if (record?["error"] is { } error) return new(null, error.GetValue<string>());
        return process.ExitCode == 0 && record is not null ? new(record, null) : new(null, $"peer failed (exit {process.ExitCode}): {errors.Result.Trim()}");
    }

    private static Process Start(string folder, params string[] arguments)
    {
        var info = new ProcessStartInfo(Python) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in arguments) info.ArgumentList.Add(a);
        return Process.Start(info)!;
    }
}
