using System.Runtime.InteropServices;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// Skia reports path effects it cannot express (dashed lines, in the SVG backend) with a print to the process's native
/// stderr ("Unsupported path effect in addPaint."), outside .NET's Console, which would litter the command's output.
/// While a figure is drawn, the native stdout and stderr descriptors point at /dev/null; the figure itself is unaffected.
/// </summary>
internal static class NativeOutputSilencer
{
    private static readonly int[] Descriptors = [1, 2];

    public static T Run<T>(Func<T> work)
    {
        if (!OperatingSystem.IsLinux()) return work();
        Flush(IntPtr.Zero);
        var devNull = Open("/dev/null", 1);
        if (devNull < 0) return work();
        var saved = Descriptors.Select(Dup).ToArray();
        foreach (var fd in Descriptors) Dup2(devNull, fd);
        try
        {
            return work();
        }
        finally
        {
            Flush(IntPtr.Zero);
            for (var i = 0; i < Descriptors.Length; i++)
            {
                Dup2(saved[i], Descriptors[i]);
                Close(saved[i]);
            }
            Close(devNull);
        }
    }

    [DllImport("libc", EntryPoint = "dup")]
    private static extern int Dup(int fd);

    [DllImport("libc", EntryPoint = "dup2")]
    private static extern int Dup2(int oldFd, int newFd);

    [DllImport("libc", EntryPoint = "open", CharSet = CharSet.Ansi, BestFitMapping = false)]
    private static extern int Open([MarshalAs(UnmanagedType.LPUTF8Str)] string path, int flags);

    [DllImport("libc", EntryPoint = "close")]
    private static extern int Close(int fd);

    [DllImport("libc", EntryPoint = "fflush")]
    private static extern int Flush(IntPtr stream);
}
