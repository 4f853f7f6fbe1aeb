using System.Diagnostics;

namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>How one CLI process ended.</summary>
/// <param name="ExitCode">The exit status; 128 + N when signal N ended it.</param>
/// <param name="Stdout">Standard output (its last 64 KiB).</param>
/// <param name="Stderr">Standard error (its last 64 KiB).</param>
/// <param name="TimedOut">It was still running at the time limit and was killed (a hang).</param>
/// <param name="Seconds">Wall-clock time of the run.</param>
internal sealed record CliRun(int ExitCode, string Stdout, string Stderr, bool TimedOut, double Seconds);

/// <summary>
/// Runs the built CLI (<c>scoreprobe.dll</c>, copied next to the tests by the project reference) as a child process, so that a
/// crash, an abort signal or a native backtrace shows exactly as a user would see it.
/// </summary>
internal static class CliProcess
{
    private const int KeptCharacters = 64 * 1024;

    public static string Assembly => Path.Combine(AppContext.BaseDirectory, "scoreprobe.dll");

    public static CliRun Run(IReadOnlyList<string> args, string workingDirectory, TimeSpan timeout, string temporaryFolder)
    {
        var start = new ProcessStartInfo(DotnetHost)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Assembly);
        foreach (var arg in args) start.ArgumentList.Add(arg);
        start.Environment["TMPDIR"] = temporaryFolder;
        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";

        var clock = Stopwatch.StartNew();
        using var process = Process.Start(start)!;
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        var exited = process.WaitForExit(timeout);
        if (!exited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        else
        {
            process.WaitForExit();
        }
        return new CliRun(process.ExitCode, Tail(stdout.Result), Tail(stderr.Result), !exited, clock.Elapsed.TotalSeconds);
    }

    /// <summary>The dotnet host that runs the tests (set by the SDK), else the one on PATH.</summary>
    private static string DotnetHost => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host && File.Exists(host) ? host : "dotnet";

    private static string Tail(string text) => text.Length <= KeptCharacters ? text : text[^KeptCharacters..];
}
