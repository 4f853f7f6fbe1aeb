using System.Collections.Concurrent;
using System.ComponentModel;
using System.Diagnostics;

namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>
/// A folder no file can be created in. Mode 0555 is enough for ordinary users; root ignores it, so as root the folder is
/// also made immutable (<c>chattr +i</c>, which binds root too). Where neither works the value class is not applicable.
/// </summary>
internal static class ReadOnlyFolder
{
    /// <summary>Every folder made read-only, and whether it was also made immutable.</summary>
    private static readonly ConcurrentDictionary<string, bool> Created = new();
    private static readonly Lazy<bool> Probe = new(() =>
    {
        var path = Path.Combine(Path.GetTempPath(), $"scoreprobe-fuzz-read-only-{Environment.ProcessId}");
        try
        {
            Create(path);
            return !Writable(path);
        }
        finally
        {
            Release(path);
            Directory.Delete(path, recursive: true);
        }
    });

    public static bool Supported => Probe.Value;

    public static void Create(string path)
    {
        Directory.CreateDirectory(path);
        SetMode(path, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute
            | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
        Created[Path.GetFullPath(path)] = Writable(path) && Chattr("+i", path);
    }

    /// <summary>Makes every read-only folder under <paramref name="root"/> deletable again.</summary>
    public static void ReleaseUnder(string root)
    {
        var prefix = Path.GetFullPath(root) + Path.DirectorySeparatorChar;
        foreach (var path in Created.Keys.Where(p => p.StartsWith(prefix, StringComparison.Ordinal)))
            Release(path);
    }

    private static void Release(string path)
    {
        var full = Path.GetFullPath(path);
        if (Created.TryRemove(full, out var immutable) && immutable) Chattr("-i", full);
        if (Directory.Exists(full)) SetMode(full, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    private static void SetMode(string path, UnixFileMode mode)
    {
        if (!OperatingSystem.IsWindows()) File.SetUnixFileMode(path, mode);
    }

    private static bool Writable(string folder)
    {
        var probe = Path.Combine(folder, ".probe");
        try
        {
            File.WriteAllText(probe, "");
            File.Delete(probe);
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static bool Chattr(string flag, string path)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("chattr", [flag, path]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            process.WaitForExit();
            return process.ExitCode == 0;
        }
        catch (Win32Exception)
        {
            return false;
        }
    }
}
