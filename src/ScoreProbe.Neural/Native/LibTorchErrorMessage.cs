namespace ScoreProbe.Neural.Native;

/// <summary>
/// The text of a libtorch error without the C++ backtrace that <c>c10::Error::what()</c> appends ("Exception raised
/// from ... (most recent call first):" and one "frame #N" line per stack frame), which TorchSharp passes on as the
/// exception's message: the backtrace is for libtorch's developers and must not reach the terminal.
/// </summary>
public static class LibTorchErrorMessage
{
    private const string BacktraceStart = "Exception raised from ";

    /// <summary>The message up to its backtrace, on one line.</summary>
    public static string WithoutBacktrace(string message)
    {
        var cut = message.IndexOf(BacktraceStart, StringComparison.Ordinal);
        var text = cut >= 0 ? message[..cut] : message;
        var lines = text.Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .TakeWhile(line => !line.StartsWith("frame #", StringComparison.Ordinal));
        return string.Join(' ', lines);
    }
}
