using ScoreProbe.Core;
using ScoreProbe.Core.IO;

namespace ScoreProbe.Neural.Training;

/// <summary>
/// A training run's folder, opened for writing: <c>run.json</c>, <c>checkpoints/step-NNNNNNN.ckpt</c>, and
/// <c>train.lock</c>, an OS file lock held by the one process that writes the folder until it is disposed.
/// </summary>
/// <remarks>
/// The lock is .NET's <see cref="FileShare.None"/> open, which on Linux and macOS is an exclusive <c>flock</c> on the
/// file: the kernel drops it when the process exits, so a <c>kill -9</c> never leaves a stale lock. The lock file stays
/// in the folder: deleting it on release would let a second process lock a fresh file while a third still holds the old
/// one. Under the lock no other writer exists, so temporary files that <see cref="AtomicFile"/> left for
/// <c>run.json</c> or a checkpoint are debris of a killed process and are deleted.
/// </remarks>
public sealed class RunFolder : IDisposable
{
    public const string LockFileName = "train.lock";
    public const string CheckpointFolderName = "checkpoints";

    /// <summary>The engine's name for the folder (the CLI's <c>--out</c>).</summary>
    public const string Parameter = "run-directory";

    private readonly FileStream _lock;

    private RunFolder(string path, FileStream heldLock)
    {
        Path = path;
        _lock = heldLock;
    }

    public string Path { get; }

    public string CheckpointDirectory => System.IO.Path.Combine(Path, CheckpointFolderName);

    public string RecordPath => System.IO.Path.Combine(Path, RunRecord.FileName);

    /// <summary>Checkpoint files, oldest step first.</summary>
    public IReadOnlyList<string> CheckpointFiles() =>
        Directory.EnumerateFiles(CheckpointDirectory, "step-*.ckpt").Order(StringComparer.Ordinal).ToArray();

    /// <summary>
    /// Creates the folder when needed, checks its layout, takes the lock and deletes stale temporary files. Throws
    /// <see cref="InvalidConfigurationException"/> (parameter <see cref="Parameter"/>) when a path in the layout is of
    /// the wrong kind or another process holds the lock.
    /// </summary>
    public static RunFolder Open(string path)
    {
        OutputPath.EnsureFolder(Parameter, path);
        var folder = System.IO.Path.GetFullPath(path);
        ExpectFileOrNothing(folder, RunRecord.FileName);
        ExpectFileOrNothing(folder, LockFileName);
        var checkpoints = System.IO.Path.Combine(folder, CheckpointFolderName);
        if (File.Exists(checkpoints))
            throw new InvalidConfigurationException(Parameter, $"'{path}' holds a file named {CheckpointFolderName}, where checkpoints go; move it away or choose another run folder");
        Directory.CreateDirectory(checkpoints);

        var lockPath = System.IO.Path.Combine(folder, LockFileName);
        FileStream heldLock;
        try
        {
            heldLock = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e)
        {
            throw new InvalidConfigurationException(Parameter,
                $"'{path}' is being written by another training process (it holds {LockFileName}); wait for it to finish or choose another run folder", e);
        }
        var opened = new RunFolder(path, heldLock);
        opened.DeleteStaleTemporaries();
        return opened;
    }

    public void Dispose() => _lock.Dispose();

    private void DeleteStaleTemporaries()
    {
        foreach (var stale in Directory.EnumerateFiles(Path, AtomicFile.TemporaryFilePattern(RunRecord.FileName))
                     .Concat(Directory.EnumerateFiles(CheckpointDirectory, AtomicFile.TemporaryFilePattern("step-*.ckpt"))))
            File.Delete(stale);
    }

    private static void ExpectFileOrNothing(string folder, string name)
    {
        var path = System.IO.Path.Combine(folder, name);
        if (Directory.Exists(path))
            throw new InvalidConfigurationException(Parameter, $"'{folder}' holds a folder named {name}, where the run's file goes; move it away or choose another run folder");
    }
}
