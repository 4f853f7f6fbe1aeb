using System.IO.Compression;

namespace ScoreProbe.Core.IO;

/// <summary>
/// NumPy's .npz archives (<c>numpy.savez</c> / <c>savez_compressed</c>): a zip file with one <c>NAME.npy</c> entry per
/// array. Reading accepts stored and deflated entries; writing stores them uncompressed, as <c>numpy.savez</c> does.
/// </summary>
public static class NpzFile
{
    /// <summary>Every array of the archive by name (without <c>.npy</c>), in archive order.</summary>
    public static IReadOnlyDictionary<string, NpyArray> Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidConfigurationException($"{path} does not exist; pass a .npz file");
        try
        {
            using var archive = ZipFile.OpenRead(path);
            var arrays = new Dictionary<string, NpyArray>(StringComparer.Ordinal);
            foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal)))
            {
                using var stream = entry.Open();
                arrays[entry.FullName[..^4]] = NpyFile.Read(stream, $"{path}:{entry.FullName}");
            }
            return arrays;
        }
        catch (InvalidDataException e)
        {
            throw new InvalidConfigurationException($"{path} is not a readable .npz (zip) archive: {e.Message}");
        }
    }

    /// <summary>Writes the arrays as <c>NAME.npy</c> entries, atomically.</summary>
    public static void Write(string path, IEnumerable<KeyValuePair<string, NpyArray>> arrays) =>
        AtomicFile.Write(path, stream =>
        {
            using var archive = new ZipArchive(stream, ZipArchiveMode.Create, leaveOpen: true);
            foreach (var (name, array) in arrays)
            {
                using var entry = archive.CreateEntry(name + ".npy", CompressionLevel.NoCompression).Open();
                NpyFile.Write(entry, array);
            }
        });
}
