namespace ScoreProbe.Neural.Data;

/// <summary>The folder that holds fetched data sets and trained feature networks.</summary>
public static class DataCache
{
    /// <summary><c>$SCOREPROBE_CACHE</c> if set, else <c>~/.cache/scoreprobe</c>.</summary>
    public static string DefaultDirectory =>
        Environment.GetEnvironmentVariable("SCOREPROBE_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "scoreprobe");

    /// <summary>
    /// Throws <see cref="DataUnavailableException"/> when <paramref name="directory"/> (or a parent) exists as a file, so a
    /// cache that cannot be a folder is one line naming the path instead of an IOException deep inside a fetch.
    /// </summary>
    public static void CheckUsable(string directory)
    {
        for (var dir = new DirectoryInfo(Path.GetFullPath(directory)); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(dir.FullName))
                throw new DataUnavailableException(
                    $"the data cache '{directory}' cannot be a folder: '{dir.FullName}' is a file; remove it, or set SCOREPROBE_CACHE (or --cache) to a folder");
            if (Directory.Exists(dir.FullName)) return;
        }
    }
}
