using System.Diagnostics;
using ScoreProbe.Cli.Infrastructure;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// Runs a study on several cores with processes rather than threads: libtorch's global seed, which the density-ratio
/// classifiers are initialised from, makes in-process parallelism irreproducible. Worker k of n is <c>scoreprobe study</c>
/// with the user's arguments plus <c>--shard k/n</c>; it evaluates every n-th (checkpoint, seed) job into the shared
/// cache, one libtorch thread each, and logs to <c>OUT/logs/worker-k.log</c>. The parent only watches the cache.
/// </summary>
/// <remarks>
/// Workers die with the parent, however it ends (SIGKILL included): each gets a pipe as its standard input, which only
/// the parent holds open, and <see cref="ExitWhenStandardInputCloses"/> ends the worker when the pipe reports end of
/// file. A rerun after a killed parent therefore never finds the old workers still computing.
/// </remarks>
internal static class StudyWorkers
{
    /// <summary>The hidden option that makes a worker watch its standard input.</summary>
    public const string WatchParentOption = "--exit-with-parent";

    /// <summary>
    /// In a worker: a background thread reads standard input until end of file (the parent exited, closing its end of the
    /// pipe) and then kills this process at once, wherever the evaluation is; the cache holds only finished results.
    /// </summary>
    public static void ExitWhenStandardInputCloses()
    {
        var watcher = new Thread(() =>
        {
            using var input = Console.OpenStandardInput();
            var buffer = new byte[64];
            try
            {
                while (input.Read(buffer, 0, buffer.Length) > 0)
                {
                }
            }
            catch (IOException)
            {
                // A broken pipe is the same news: the parent is gone.
            }
            using var self = Process.GetCurrentProcess();
            self.Kill();
        }) { IsBackground = true, Name = "parent watcher" };
        watcher.Start();
    }

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
        var self = SelfCommand();
        var info = new ProcessStartInfo(self[0]);
        foreach (var argument in self.Skip(1).Concat(arguments).Concat(["--shard", $"{index}/{count}", WatchParentOption])) info.ArgumentList.Add(argument);
        info.RedirectStandardInput = true;
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

    /// <summary>How to start this CLI again: its apphost next to the assembly, else <c>dotnet scoreprobe.dll</c> (absolute paths).</summary>
    public static IReadOnlyList<string> SelfCommand()
    {
        var assembly = typeof(StudyWorkers).Assembly.Location;
        var apphost = Path.Combine(Path.GetDirectoryName(assembly)!, Path.GetFileNameWithoutExtension(assembly));
        if (File.Exists(apphost)) return [apphost];
        return [Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? Environment.ProcessPath ?? "dotnet", assembly];
    }
}
