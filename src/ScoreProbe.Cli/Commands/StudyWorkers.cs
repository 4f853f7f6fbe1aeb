using System.Diagnostics;
using ScoreProbe.Cli.Infrastructure;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// Runs a study on several cores with processes rather than threads: libtorch's global seed, which the density-ratio
/// classifiers are initialised from, makes in-process parallelism irreproducible. Worker k of n is <c>scoreprobe study</c>
/// with the user's arguments plus <c>--shard k/n</c>; it evaluates every n-th (checkpoint, seed) job into the shared
/// cache, one libtorch thread each, and logs to <c>OUT/logs/worker-k.log</c>. The parent only watches the cache.
/// </summary>
internal static class StudyWorkers
{
    /// <summary>Starts the workers and waits for them; returns the failures as one line each (empty when all succeeded).</summary>
    /// <param name="arguments">The study's command line as the user gave it, from the command name on.</param>
    /// <param name="workers">Number of worker processes.</param>
    /// <param name="outDirectory">The study's <c>--out</c>.</param>
    /// <param name="countDone">Results in the cache so far, polled for the progress bar.</param>
    /// <param name="total">Results the study needs.</param>
    public static IReadOnlyList<string> Run(IReadOnlyList<string> arguments, int workers, string outDirectory, Func<int> countDone, int total)
    {
        var logs = Path.Combine(outDirectory, "logs");
        Directory.CreateDirectory(logs);
        var processes = Enumerable.Range(0, workers).Select(k => Start(arguments, k, workers, Path.Combine(logs, $"worker-{k}.log"))).ToList();
        try
        {
            new ProgressReporter().Run($"study ({workers} workers)", total, report =>
            {
                while (!processes.All(p => p.Process.WaitForExit(TimeSpan.FromSeconds(2))))
                    report(countDone(), null);
                report(countDone(), null);
            });
            return processes.Where(p => p.Process.ExitCode != 0)
                .Select(p => $"study worker {p.Index}/{workers} exited with code {p.Process.ExitCode}; see {p.Log}").ToList();
        }
        finally
        {
            foreach (var (_, process, writer, _) in processes)
            {
                if (!process.HasExited) process.Kill(entireProcessTree: true);
                process.WaitForExit();
                process.Dispose();
                writer.Dispose();
            }
        }
    }

    private static (int Index, Process Process, StreamWriter Writer, string Log) Start(IReadOnlyList<string> arguments, int index, int count, string log)
    {
        var info = ExecutableStartInfo();
        foreach (var argument in arguments.Concat(["--shard", $"{index}/{count}"])) info.ArgumentList.Add(argument);
        info.RedirectStandardOutput = true;
        info.RedirectStandardError = true;
        info.UseShellExecute = false;
        if (Environment.GetEnvironmentVariable("SCOREPROBE_THREADS") is null) info.Environment["SCOREPROBE_THREADS"] = "1";
        var writer = new StreamWriter(log) { AutoFlush = true };
        var process = new Process { StartInfo = info };
        void Append(object? _, DataReceivedEventArgs e)
        {
            if (e.Data is null) return;
            lock (writer) writer.WriteLine(e.Data);
        }
        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return (index, process, writer, log);
    }

    /// <summary>This CLI again: its apphost next to the assembly, else <c>dotnet scoreprobe.dll</c>.</summary>
    private static ProcessStartInfo ExecutableStartInfo()
    {
        var assembly = typeof(StudyWorkers).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly));
        if (File.Exists(apphost)) return new ProcessStartInfo(apphost);
        var info = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet");
        info.ArgumentList.Add(assembly);
        return info;
    }
}
