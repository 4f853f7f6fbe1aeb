using System.Diagnostics;
using System.Text;

namespace ScoreProbe.Neural.Tests;

/// <summary>Runs the real <c>scoreprobe</c> CLI (built beside the tests) as a child process.</summary>
internal static class CliProcess
{
    /// <summary>tests/ScoreProbe.Neural.Tests/bin/&lt;Configuration&gt;/&lt;tfm&gt;/ -> src/ScoreProbe.Cli/bin/&lt;Configuration&gt;/&lt;tfm&gt;/scoreprobe.dll</summary>
    public static string Assembly
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var (framework, configuration) = (output.Name, output.Parent!.Name);
            var repository = output.Parent!.Parent!.Parent!.Parent!.Parent!.FullName;
            var path = Path.Combine(repository, "src", "ScoreProbe.Cli", "bin", configuration, framework, "scoreprobe.dll");
            Assert.True(File.Exists(path), $"{path} is missing; build src/ScoreProbe.Cli ({configuration})");
            return path;
        }
    }

    /// <summary>Starts <c>scoreprobe ARGS</c>; both pipes are drained into <paramref name="output"/> so the child never blocks.</summary>
    public static Process Start(IEnumerable<string> arguments, StringBuilder output)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(Assembly);
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["TERM"] = "dumb";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (output) output.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    /// <summary>Runs <c>scoreprobe ARGS</c> to the end and returns its exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Run(IEnumerable<string> arguments, TimeSpan? timeout = null)
    {
        var output = new StringBuilder();
        using var process = Start(arguments, output);
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"scoreprobe {string.Join(' ', arguments)} did not finish in time: {output}");
        }
        process.WaitForExit();
        lock (output) return (process.ExitCode, output.ToString());
    }
}
