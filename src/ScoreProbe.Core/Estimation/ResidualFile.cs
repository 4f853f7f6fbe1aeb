using ScoreProbe.Core.IO;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Residual files by format, the one place that knows the layouts: <c>csv</c> (<see cref="ResidualCsv"/>), <c>bin</c>
/// (<see cref="ResidualBinary"/>) and NumPy's <c>npz</c> (<see cref="ResidualNpz"/>). A new layout is one more case in <see cref="Read"/>, <see cref="Write"/> and <see cref="Formats"/>.
/// </summary>
public static class ResidualFile
{
    public static readonly IReadOnlyList<string> Formats = ["csv", "bin", "npz"];

    /// <summary>The explicit <paramref name="format"/>, else the one the extension of <paramref name="path"/> names.</summary>
    public static string ResolveFormat(string path, string? format)
    {
        if (format is not null)
            return Formats.Contains(format) ? format : throw new InvalidConfigurationException("format", $"must be {string.Join(" or ", Formats)} (got '{format}')");
        var extension = Path.GetExtension(path).TrimStart('.').ToLowerInvariant();
        return Formats.Contains(extension)
            ? extension
            : throw new InvalidConfigurationException("format", $"cannot be told from the extension of '{path}'; name the file .{string.Join(" or .", Formats)} or pass the format");
    }

    /// <summary>Reads a residual file; a layout violation is a <see cref="ResidualFormatException"/> naming the line or byte.</summary>
    public static ResidualSet Read(string path, string format)
    {
        if (!File.Exists(path)) throw new InvalidConfigurationException($"residual file '{path}' not found");
        if (format == "csv")
        {
            using var reader = new StreamReader(path);
            return ResidualCsv.Read(reader);
        }
        return format == "npz" ? ResidualNpz.Read(path) : ResidualBinary.Read(File.ReadAllBytes(path));
    }

    /// <summary>Writes the set atomically (<see cref="AtomicFile"/>).</summary>
    public static void Write(string path, string format, ResidualSet set)
    {
        if (format == "csv")
            AtomicFile.Write(path, stream =>
            {
                using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), leaveOpen: true);
                ResidualCsv.Write(set, writer);
            });
        else if (format == "npz") ResidualNpz.Write(path, set);
        else AtomicFile.WriteAllBytes(path, ResidualBinary.Write(set));
    }
}
