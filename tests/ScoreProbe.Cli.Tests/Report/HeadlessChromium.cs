using System.Diagnostics;

namespace ScoreProbe.Cli.Tests.Report;

/// <summary>
/// Debian's chromium in headless mode, run the way CI runs it (as root: no sandbox; no network services; a fresh
/// profile per call). When /usr/bin/chromium is missing it is installed with scripts/install-chromium.sh; a failed
/// install fails the test rather than skipping it, so a green run always means a browser really opened the report.
/// </summary>
internal static class HeadlessChromium
{
    private const string Executable = "/usr/bin/chromium";
    private static readonly Lock InstallLock = new();

    /// <summary>The DOM after the page's scripts ran (virtual time lets every image decode first).</summary>
    public static string DumpDom(string htmlPath) =>
        Run(["--dump-dom", "--virtual-time-budget=10000", new Uri(htmlPath).AbsoluteUri]);

    /// <summary>Saves a PNG screenshot of the page at the given window size.</summary>
    public static void Screenshot(string htmlPath, string pngPath, int width, int height) =>
        Run([$"--screenshot={pngPath}", $"--window-size={width},{height}", "--hide-scrollbars", "--virtual-time-budget=10000", new Uri(htmlPath).AbsoluteUri]);

    private static string Run(IEnumerable<string> arguments)
    {
        EnsureInstalled();
        var profile = Directory.CreateTempSubdirectory("scoreprobe-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var flag in new[]
                     {
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                         "--disable-background-networking", "--disable-component-update", "--disable-sync",
                         $"--user-data-dir={profile.FullName}",
                     })
                start.ArgumentList.Add(flag);
            foreach (var argument in arguments) start.ArgumentList.Add(argument);

            using var process = Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync();
            var stdout = process.StandardOutput.ReadToEnd();
            if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail("chromium did not finish within 2 minutes");
            }
            Assert.True(process.ExitCode == 0, $"chromium exited with {process.ExitCode}: {stderr.Result}");
            return stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }

    private static void EnsureInstalled()
    {
        lock (InstallLock)
        {
            if (File.Exists(Executable)) return;
            var script = Path.Combine(RepositoryRoot(), "scripts", "install-chromium.sh");
            var install = Process.Start(new ProcessStartInfo("bash", [script]) { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var stderr = install.StandardError.ReadToEndAsync();
            var stdout = install.StandardOutput.ReadToEnd();
            install.WaitForExit();
            Assert.True(install.ExitCode == 0 && File.Exists(Executable),
                $"chromium is missing and {script} failed (exit {install.ExitCode}): {stdout} {stderr.Result}");
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ScoreProbe.slnx"))) return dir.FullName;
        throw new InvalidOperationException("ScoreProbe.slnx not found above " + AppContext.BaseDirectory);
    }
}
