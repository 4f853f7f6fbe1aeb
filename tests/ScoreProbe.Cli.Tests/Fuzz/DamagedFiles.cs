namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>Malformed inputs: binary garbage, and copies of valid files or folders that are truncated or garbled.</summary>
internal static class DamagedFiles
{
    /// <summary>4 KiB of seeded random bytes, starting with NUL, invalid UTF-8, a newline and terminal escape bytes.</summary>
    public static byte[] Garbage()
    {
        var bytes = new byte[4096];
        new Random(14).NextBytes(bytes);
        byte[] nasty = [0x00, 0xFF, 0xFE, 0xC3, 0x28, (byte)'\n', 0x1B, (byte)'[', (byte)'2', (byte)'J', (byte)'\r', 0x07];
        nasty.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>Copies a file, or a folder recursively, keeping the first half of every file's bytes.</summary>
    public static void CopyTruncated(string source, string destination) => Copy(source, destination, bytes => bytes[..(bytes.Length / 2)]);

    /// <summary>Copies a folder recursively, replacing every <c>*.json</c> file with garbage (other files are kept).</summary>
    public static void CopyGarbled(string source, string destination) =>
        Copy(source, destination, (bytes, path) => path.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? Garbage() : bytes);

    private static void Copy(string source, string destination, Func<byte[], byte[]> transform) => Copy(source, destination, (bytes, _) => transform(bytes));

    private static void Copy(string source, string destination, Func<byte[], string, byte[]> transform)
    {
        if (File.Exists(source))
        {
            File.WriteAllBytes(destination, transform(File.ReadAllBytes(source), source));
            return;
        }
        Directory.CreateDirectory(destination);
        foreach (var entry in Directory.EnumerateFileSystemEntries(source))
            Copy(entry, Path.Combine(destination, Path.GetFileName(entry)), transform);
    }

    /// <summary>Copies a file or folder unchanged.</summary>
    public static void CopyExact(string source, string destination) => Copy(source, destination, bytes => bytes);
}
