using System.Diagnostics;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests;

/// <summary>
/// A real <c>scoreprobe train</c> process killed with SIGKILL mid-run leaves only readable checkpoints, and
/// <c>--resume</c> continues from the last one to the end.
/// </summary>
public class KillAndResumeTests
{
    private static readonly System.Text.StringBuilder Output = new();

    private static Process StartTrain(string runDirectory, int steps, bool resume) => CliProcess.Start(
        [
            "train", "--data", "gaussian:2", "--model", "mlp", "--steps", $"{steps}", "--batch", "64",
            "--checkpoints", "every:100", "--warmup", "10", "--lr", "1e-3", "--ema", "0.99", "--seed", "5", "--out", runDirectory,
            .. resume ? ["--resume"] : Array.Empty<string>(),
        ], Output);

    [Fact]
    public void KilledTrainingResumesFromItsLastCheckpoint()
    {
        using var run = new TempDirectory();
        var checkpoints = Path.Combine(run.Path, "checkpoints");
        using (var first = StartTrain(run.Path, steps: 1_000_000, resume: false))
        {
            try
            {
                var deadline = DateTime.UtcNow.AddMinutes(5);
                while (!(Directory.Exists(checkpoints) && Directory.GetFiles(checkpoints, "*.ckpt").Length >= 3))
                {
                    Assert.False(first.HasExited, $"train exited early: {Output}");
                    Assert.True(DateTime.UtcNow < deadline, "no third checkpoint within 5 minutes");
                    Thread.Sleep(20);
                }
            }
            finally
            {
                first.Kill(entireProcessTree: true);
                first.WaitForExit();
            }
        }

        var written = Directory.GetFiles(checkpoints, "*.ckpt").Order(StringComparer.Ordinal).ToArray();
        var steps = written.Select(file =>
        {
            using var checkpoint = Checkpoint.Load(file);
            return checkpoint.Step;
        }).ToArray();
        Assert.Equal(Enumerable.Range(1, steps.Length).Select(k => 100 * k), steps);
        Assert.NotNull(RunRecord.TryRead(run.Path));

        // The resumed run may end sooner (--steps is not part of a run's identity); training continues from the last checkpoint.
        var end = steps[^1] + 200;
        using (var second = StartTrain(run.Path, steps: end, resume: true))
        {
            Assert.True(second.WaitForExit(TimeSpan.FromMinutes(5)), "resumed training did not finish within 5 minutes");
            second.WaitForExit();
            Assert.True(second.ExitCode == 0, $"resume failed: {Output}");
            Assert.Contains($"steps {steps[^1]} -> {end}", Output.ToString());
        }

        var record = RunRecord.TryRead(run.Path)!;
        Assert.Equal(1, record.Resumes);
        Assert.Equal(Enumerable.Range(1, end / 100).Select(k => 100 * k), record.Checkpoints.Select(c => c.Step));
        Assert.Empty(Directory.GetFiles(checkpoints, "*.tmp"));
        using var last = Checkpoint.Load(Path.Combine(checkpoints, Checkpoint.FileName(end)));
        Assert.Equal(end, last.Step);
    }
}
