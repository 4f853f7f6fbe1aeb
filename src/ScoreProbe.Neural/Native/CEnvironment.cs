using System.Runtime.InteropServices;

namespace ScoreProbe.Neural.Native;

/// <summary>
/// The C library's environment, which native libraries read with <c>getenv</c>. .NET's
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/> does not reach that table on Unix, so settings meant for
/// oneDNN or MKL are made here, before the library's first use.
/// </summary>
internal static class CEnvironment
{
    /// <summary>Sets <paramref name="name"/> unless the user already set it (their value wins).</summary>
    public static void SetDefault(string name, string value)
    {
        if (!OperatingSystem.IsLinux()) return;
        SetEnvironment(name, value, overwrite: 0);
    }

    [DllImport("libc", EntryPoint = "setenv", CharSet = CharSet.Ansi)]
    private static extern int SetEnvironment(string name, string value, int overwrite);
}
