using System.IO.Compression;
using System.Text.Json.Nodes;
using ScoreProbe.Core;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>
/// Checkpoints are verified when read (each zip entry against its recorded CRC-32, the header against the weights), and
/// <c>resume</c> never continues from a damaged one.
/// </summary>
public class CheckpointVerificationTests
{
    private static TrainingConfig Run(int steps, IReadOnlyList<int> checkpoints) => SmallRuns.Mlp(steps, checkpoints, seed: 3, emaDecay: 0.9);

    private static string CheckpointPath(string run, int step) => Path.Combine(run, RunFolder.CheckpointFolderName, Checkpoint.FileName(step));

    private static byte[] Entry(string checkpoint, string name)
    {
        using var archive = ZipFile.OpenRead(checkpoint);
        using var stream = archive.GetEntry(name)!.Open();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }

    /// <summary>Flips one bit in the middle of an entry's stored bytes (entries are stored uncompressed).</summary>
    private static void FlipBitInside(string checkpoint, string entry)
    {
        var content = Entry(checkpoint, entry);
        var file = File.ReadAllBytes(checkpoint);
        var window = content.AsSpan(content.Length / 2, 32);
        var at = file.AsSpan().IndexOf(window);
        Assert.True(at >= 0, $"{entry} is not stored uncompressed");
        file[at + 16] ^= 0x10;
        File.WriteAllBytes(checkpoint, file);
    }

    private static void Rewrite(string checkpoint, Action<ZipArchive> change)
    {
        using var archive = ZipFile.Open(checkpoint, ZipArchiveMode.Update);
        change(archive);
    }

    private static float[][] Weights(Checkpoint checkpoint) =>
        checkpoint.Model.parameters().Select(p => p.data<float>().ToArray()).ToArray();

    [Fact]
    public void AFlippedBitInsideModelBinIsRefusedWithItsCrc()
    {
        using var run = new TempDirectory();
        new Trainer(Run(2, [2]), DatasetSpec.Gaussian(2)).Run(run.Path, resume: false);
        var path = CheckpointPath(run.Path, 2);
        FlipBitInside(path, "model.bin");
        var e = Assert.Throws<DataUnavailableException>(() => Checkpoint.Load(path));
        Assert.Contains("model.bin is damaged", e.Message);
        Assert.Contains("CRC-32", e.Message);
    }

    [Fact]
    public void ResumeSkipsADamagedNewestCheckpointAndEndsWithTheUninterruptedWeights()
    {
        var data = DatasetSpec.Gaussian(2);
        using var straight = new TempDirectory();
        new Trainer(Run(4, [2, 4]), data).Run(straight.Path, resume: false);

        using var damaged = new TempDirectory();
        using var stop = new CancellationTokenSource();
        new Trainer(Run(4, [2, 3, 4]), data).Run(damaged.Path, resume: false, p => { if (p.Step == 3) stop.Cancel(); }, stop.Token);
        FlipBitInside(CheckpointPath(damaged.Path, 3), "optimizer.bin");
        var log = new List<string>();
        var resumed = new Trainer(Run(4, [2, 3, 4]), data) { Log = log.Add }.Run(damaged.Path, resume: true);

        Assert.Equal(2, resumed.StartStep);
        Assert.Contains(log, line => line.Contains("optimizer.bin is damaged"));
        using var a = Checkpoint.Load(CheckpointPath(straight.Path, 4));
        using var b = Checkpoint.Load(CheckpointPath(damaged.Path, 4));
        Assert.Equal(Weights(a), Weights(b));
    }

    [Fact]
    public void ResumeWithEveryCheckpointUnreadableIsRefusedInsteadOfRestarting()
    {
        using var run = new TempDirectory();
        new Trainer(Run(2, [1, 2]), DatasetSpec.Gaussian(2)).Run(run.Path, resume: false);
        File.WriteAllText(CheckpointPath(run.Path, 1), "not a zip");
        FlipBitInside(CheckpointPath(run.Path, 2), "model.bin");
        var e = Assert.Throws<InvalidConfigurationException>(() => new Trainer(Run(3, [1, 2, 3]), DatasetSpec.Gaussian(2)).Run(run.Path, resume: true));
        Assert.Equal(RunFolder.Parameter, e.Parameter);
        Assert.Contains("none can be read", e.Message);
        Assert.False(File.Exists(CheckpointPath(run.Path, 3)));
    }

    public static TheoryData<string, string> Malformed() => new()
    {
        { "model.bin", "holds no model.bin" },
        { "checkpoint.json", "holds no checkpoint.json" },
        { "dimension", "does not hold the weights of the model in its header" },
        { "config", "holds no model configuration" },
    };

    [Theory]
    [MemberData(nameof(Malformed))]
    public void AnInconsistentCheckpointIsRefusedWithWhatIsWrong(string fault, string expected)
    {
        using var run = new TempDirectory();
        new Trainer(Run(1, [1]), DatasetSpec.Gaussian(2)).Run(run.Path, resume: false);
        var path = CheckpointPath(run.Path, 1);
        var header = JsonNode.Parse(Entry(path, "checkpoint.json"))!;
        Rewrite(path, archive =>
        {
            switch (fault)
            {
                case "model.bin" or "checkpoint.json":
                    archive.GetEntry(fault)!.Delete();
                    return;
                case "dimension":
                    header["config"]!["model"]!["dimension"] = 3;
                    break;
                case "config":
                    header.AsObject().Remove("config");
                    break;
            }
            archive.GetEntry("checkpoint.json")!.Delete();
            using var stream = archive.CreateEntry("checkpoint.json").Open();
            using var writer = new StreamWriter(stream);
            writer.Write(header.ToJsonString());
        });
        var e = Assert.Throws<DataUnavailableException>(() => Checkpoint.Load(path));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void AFolderPassedAsACheckpointIsNamedAsAFolder()
    {
        using var run = new TempDirectory();
        var e = Assert.Throws<DataUnavailableException>(() => Checkpoint.Load(run.Path));
        Assert.Contains("is a folder", e.Message);
    }
}
