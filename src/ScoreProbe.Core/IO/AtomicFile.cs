namespace ScoreProbe.Core.IO;

/// <summary>
/// Writes files so that a reader never sees a partial one: write to a temporary sibling, flush, then rename.
/// A run killed mid-write leaves either the old file or none, never a truncated one.
/// </summary>
public static class AtomicFile
{
    public static void WriteAllText(string path, string contents) =>
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
            writer.Write(contents);
        });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, stream => stream.Write(copy));
    }

    /// <summary>
    /// Search pattern (for <see cref="Directory.EnumerateFiles(string, string)"/>) of the temporary files that
    /// <see cref="Write"/> creates for targets named like <paramref name="fileNamePattern"/>: <c>.NAME.PID.tmp</c>.
    /// One left behind belongs to a writer that was killed; only the caller knows when no writer can be running.
    /// </summary>
    public static string TemporaryFilePattern(string fileNamePattern) => $".{fileNamePattern}.*.tmp";

    /// <summary>Runs <paramref name="write"/> against a temporary file and moves it over <paramref name="path"/>.</summary>
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, $".{Path.GetFileName(full)}.{Environment.ProcessId}.tmp");
        try
        {
            using (var stream = new FileStream(tmp, FileMode.Create, FileAccess.Write, FileShare.None))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }
            File.Move(tmp, full, overwrite: true);
        }
        finally
        {
            if (File.Exists(tmp)) File.Delete(tmp);
        }
    }
}
