using System.Diagnostics;
using System.Text;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>The real <c>scoreprobe</c> as a child process (the apphost next to this test's copy of the CLI), for kill tests.</summary>
internal sealed class CliProcess : IDisposable
{
    private readonly StringBuilder _output = new();

    public CliProcess(params string[] arguments)
    {
        var self = ScoreProbe.Cli.Commands.StudyWorkers.SelfCommand();
        var start = new ProcessStartInfo(self[0]) { RedirectStandardOutput = true, RedirectStandardError = true, RedirectStandardInput = true, UseShellExecute = false };
        foreach (var argument in self.Skip(1).Concat(arguments)) start.ArgumentList.Add(argument);
        start.Environment["TERM"] = "dumb";
        Process = Process.Start(start)!;
        // Drain both pipes so the child never blocks on a full pipe; keep the text for the assertions.
        Process.OutputDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        Process.ErrorDataReceived += (_, e) => { if (e.Data is not null) lock (_output) _output.AppendLine(e.Data); };
        Process.BeginOutputReadLine();
        Process.BeginErrorReadLine();
    }

    public Process Process { get; }

    public string Output
    {
        get { lock (_output) return _output.ToString(); }
    }

    /// <summary>Waits until <paramref name="condition"/> holds, failing when the process exits first or the time runs out.</summary>
    public void WaitFor(Func<bool> condition, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (!condition())
        {
            Assert.False(Process.HasExited, $"the process exited (code {(Process.HasExited ? Process.ExitCode : 0)}) before {what}: {Output}");
            Assert.True(DateTime.UtcNow < deadline, $"no {what} within {timeout.TotalSeconds} s: {Output}");
            Thread.Sleep(10);
        }
    }

    /// <summary>SIGKILL, like <c>kill -9</c>: the process gets no chance to clean up.</summary>
    public void KillHard()
    {
        Process.Kill(entireProcessTree: false);
        Process.WaitForExit();
    }

    /// <summary>The process ids of this process's direct children (Linux /proc).</summary>
    public IReadOnlyList<int> Children() =>
        Directory.EnumerateDirectories($"/proc/{Process.Id}/task")
            .Select(task => Path.Combine(task, "children"))
            .Where(File.Exists)
            .SelectMany(file => File.ReadAllText(file).Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Select(int.Parse).Distinct().ToList();

    public void Dispose()
    {
        if (!Process.HasExited) Process.Kill(entireProcessTree: true);
        Process.WaitForExit();
        Process.Dispose();
    }
}
