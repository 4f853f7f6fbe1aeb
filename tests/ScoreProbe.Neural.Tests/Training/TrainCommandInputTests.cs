using System.Text;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>
/// The real <c>scoreprobe train</c> on issue 14's inputs: each is one <c>error:</c> line naming the flag, exit code 2,
/// and no checkpoint.
/// </summary>
public class TrainCommandInputTests
{
    private static string[] Train(string folder, params string[] options) =>
        ["train", "--data", "gaussian:2", "--model", "mlp", "--steps", "3", "--checkpoints", "3", "--out", folder,
         .. options.Contains("--batch") ? [] : new[] { "--batch", "8" }, .. options];

    private static void AssertOneErrorLine(string output, string flag, string text)
    {
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.True(lines.Length == 1, $"expected one line, got:\n{output}");
        Assert.StartsWith($"error: {flag}", lines[0]);
        Assert.Contains(text, lines[0]);
    }

    [Theory]
    [InlineData("--lr", "Infinity", "--lr", "must be a finite number in (0, 1]")]
    [InlineData("--lr", "1e10", "--lr", "must be a finite number in (0, 1]")]
    [InlineData("--ema", "NaN", "--ema", "must lie in (0, 1)")]
    [InlineData("--batch", "2147483647", "--batch", "use a batch of at most")]
    public void AValueThatWouldTrainNonsenseIsOneErrorLine(string option, string value, string flag, string text)
    {
        using var run = new TempDirectory();
        var (exit, output) = CliProcess.Run(Train(run.Path, option, value));
        Assert.Equal(2, exit);
        AssertOneErrorLine(output, flag, text);
        Assert.False(Directory.Exists(Path.Combine(run.Path, RunFolder.CheckpointFolderName)));
    }

    [Fact]
    public void ARunJsonThatIsAFolderIsOneErrorLine()
    {
        using var run = new TempDirectory();
        Directory.CreateDirectory(Path.Combine(run.Path, RunRecord.FileName));
        var (exit, output) = CliProcess.Run(Train(run.Path));
        Assert.Equal(2, exit);
        AssertOneErrorLine(output, "--out", "holds a folder named run.json");
    }

    [Fact]
    public void ASecondTrainIntoTheSameFolderIsRefusedWhileTheFirstRuns()
    {
        using var run = new TempDirectory();
        var first = new StringBuilder();
        using var writer = CliProcess.Start(
            ["train", "--data", "gaussian:2", "--model", "mlp", "--steps", "1000000", "--batch", "8", "--checkpoints", "every:50", "--out", run.Path], first);
        try
        {
            var deadline = DateTime.UtcNow.AddMinutes(3);
            var checkpoints = Path.Combine(run.Path, RunFolder.CheckpointFolderName);
            while (!(Directory.Exists(checkpoints) && Directory.EnumerateFiles(checkpoints, "*.ckpt").Any()))
            {
                Assert.False(writer.HasExited, $"the first train exited: {first}");
                Assert.True(DateTime.UtcNow < deadline, "the first train wrote no checkpoint within 3 minutes");
                Thread.Sleep(50);
            }
            foreach (var resume in new[] { false, true })
            {
                var (exit, output) = CliProcess.Run(Train(run.Path, resume ? ["--resume"] : []));
                Assert.Equal(2, exit);
                AssertOneErrorLine(output, "--out", "is being written by another training process");
            }
        }
        finally
        {
            writer.Kill(entireProcessTree: true);
            writer.WaitForExit();
        }
        // The kernel released the killed writer's lock: the run resumes.
        var reached = Directory.GetFiles(Path.Combine(run.Path, RunFolder.CheckpointFolderName), "*.ckpt").Max(f => Checkpoint.ReadHeader(f).Step);
        var (resumed, log) = CliProcess.Run(
            ["train", "--data", "gaussian:2", "--model", "mlp", "--steps", $"{reached + 5}", "--batch", "8", "--checkpoints", "every:50", "--out", run.Path, "--resume"]);
        Assert.True(resumed == 0, log);
    }
}
