using System.Diagnostics;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>Runs its tests alone: RSS is a process-wide number that concurrent tests would inflate.</summary>
[CollectionDefinition(nameof(SerialMemoryCollection), DisableParallelization = true)]
public sealed class SerialMemoryCollection;

/// <summary>Native memory (process RSS) stays flat over training steps: every step's tensors are disposed.</summary>
[Collection(nameof(SerialMemoryCollection))]
public class MemoryTests
{
    [Fact]
    public void ResidentMemoryDoesNotGrowOverTrainingSteps()
    {
        using var generator = new Generator(3);
        using var data = new ImageDataset("synthetic", rand([64, 1, 16, 16], generator: generator).mul(2).sub(1));
        var config = new TrainingConfig
        {
            Data = "synthetic", ModelName = "unet-small", Model = ModelPresets.Create("unet-small", [1, 16, 16]),
            Steps = 300, BatchSize = 16, WarmupSteps = 10, LearningRate = 1e-3, Checkpoints = [300],
        };
        var resident = new Dictionary<int, long>();
        using var run = new TempDirectory();
        new Trainer(config, data).Run(run.Path, resume: false, p =>
        {
            if (p.Step is 100 or 300)
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                using var self = Process.GetCurrentProcess();
                resident[p.Step] = self.WorkingSet64;
            }
        });
        // One step allocates a few MB of activations (16 x 16x16 maps x tens of channels); leaking them for 200 steps
        // would add hundreds of MB. Allocator caching may move RSS by a few MB.
        var growth = (resident[300] - resident[100]) / (1024.0 * 1024.0);
        Assert.True(growth < 40, $"RSS grew {growth:F1} MB between steps 100 and 300");
    }
}
