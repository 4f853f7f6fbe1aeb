namespace ScoreProbe.Core.IO;

/// <summary>
/// Checks, before any work starts, that an output file or folder can be written: the path is not empty, a file path is
/// not a folder (and the reverse), the nearest existing ancestor is a folder, and a probe file can be created in it.
/// Nothing is left behind: the probe is deleted and no folder is created.
/// </summary>
public static class OutputPath
{
    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming <paramref name="parameter"/> when <paramref name="path"/> cannot be written as a file.</summary>
    public static string EnsureFile(string parameter, string? path) =>
        Problem(path, folder: false) is { } problem ? throw new InvalidConfigurationException(parameter, problem) : path!;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming <paramref name="parameter"/> when <paramref name="path"/> cannot be used as an output folder.</summary>
    public static string EnsureFolder(string parameter, string? path) =>
        Problem(path, folder: true) is { } problem ? throw new InvalidConfigurationException(parameter, problem) : path!;

    /// <summary>Why <paramref name="path"/> cannot be written, worded to follow the parameter's name; null when it can.</summary>
    public static string? Problem(string? path, bool folder)
    {
        var what = folder ? "folder" : "file";
        if (string.IsNullOrWhiteSpace(path)) return $"is empty; pass the path of the output {what}";
        string full;
        try
        {
            if (path.IndexOfAny(Path.GetInvalidPathChars()) >= 0) return $"'{path}' is not a valid path";
            full = Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            return $"'{path}' is not a valid path";
        }
        if (!folder && (Directory.Exists(full) || path.EndsWith('/'))) return $"'{path}' is a folder; pass a file path";
        if (folder && File.Exists(full)) return $"'{path}' is a file; pass a folder path";

        var ancestor = folder && Directory.Exists(full) ? full : Path.GetDirectoryName(full);
        while (ancestor is not null && !Directory.Exists(ancestor))
        {
            if (File.Exists(ancestor)) return $"'{path}' cannot be created: '{ancestor}' is a file, not a folder; choose another path";
            ancestor = Path.GetDirectoryName(ancestor);
        }
        if (ancestor is null) return $"'{path}' has no existing parent folder; choose another path";
        return CanCreateFileIn(ancestor) is { } reason
            ? $"'{path}' cannot be written: folder '{ancestor}' {reason}; choose a writable location"
            : null;
    }

    private static string? CanCreateFileIn(string folder)
    {
        var probe = Path.Combine(folder, $".scoreprobe-write-probe-{Environment.ProcessId}-{Guid.NewGuid():N}");
        try
        {
            using (new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose)) { }
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return "is not writable";
        }
        catch (IOException)
        {
            return "refuses new files";
        }
        finally
        {
            try { if (File.Exists(probe)) File.Delete(probe); }
            catch (IOException) { }
            catch (UnauthorizedAccessException) { }
        }
    }
}
