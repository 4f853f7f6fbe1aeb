using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>A run folder is written by one process at a time, and the debris of killed writers is cleaned under its lock.</summary>
public class RunFolderTests
{
    [Fact]
    public void ASecondWriterIsRefusedWhileTheFirstHoldsTheLock()
    {
        using var run = new TempDirectory();
        using (RunFolder.Open(run.Path))
        {
            var e = Assert.Throws<InvalidConfigurationException>(() => RunFolder.Open(run.Path));
            Assert.Equal(RunFolder.Parameter, e.Parameter);
            Assert.Contains("another training process", e.Message);
        }
        // Released on dispose (and by the kernel when a process dies): the folder opens again.
        using var again = RunFolder.Open(run.Path);
        Assert.True(File.Exists(Path.Combine(run.Path, RunFolder.LockFileName)));
    }

    [Fact]
    public void StaleTemporaryFilesOfRunJsonAndCheckpointsAreDeletedAndNothingElse()
    {
        using var run = new TempDirectory();
        var checkpoints = Directory.CreateDirectory(Path.Combine(run.Path, RunFolder.CheckpointFolderName)).FullName;
        // What AtomicFile leaves when its writer is killed before the rename: a 0-byte or partial temporary file.
        var staleRecord = Path.Combine(run.Path, $".{RunRecord.FileName}.424242.tmp");
        var staleCheckpoint = Path.Combine(checkpoints, $".{Checkpoint.FileName(7)}.424242.tmp");
        var unrelated = Path.Combine(run.Path, ".study-cache.json.424242.tmp");
        File.WriteAllBytes(staleRecord, []);
        File.WriteAllBytes(staleCheckpoint, [1, 2, 3]);
        File.WriteAllBytes(unrelated, []);

        using var folder = RunFolder.Open(run.Path);
        Assert.False(File.Exists(staleRecord));
        Assert.False(File.Exists(staleCheckpoint));
        Assert.True(File.Exists(unrelated));
        Assert.Equal($".{RunRecord.FileName}.*.tmp", AtomicFile.TemporaryFilePattern(RunRecord.FileName));
    }

    [Theory]
    [InlineData(RunRecord.FileName, true)]
    [InlineData(RunFolder.CheckpointFolderName, false)]
    public void APathOfTheWrongKindInTheLayoutIsRefusedBeforeAnythingIsWritten(string name, bool makeFolder)
    {
        using var run = new TempDirectory();
        var path = Path.Combine(run.Path, name);
        if (makeFolder) Directory.CreateDirectory(path);
        else File.WriteAllText(path, "x");
        var e = Assert.Throws<InvalidConfigurationException>(() => RunFolder.Open(run.Path));
        Assert.Equal(RunFolder.Parameter, e.Parameter);
        Assert.Contains(name, e.Message);
        Assert.False(File.Exists(Path.Combine(run.Path, RunFolder.LockFileName)));
    }
}
