using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>Training configurations that run in well under a second: the MLP on the 2-D Gaussian.</summary>
internal static class SmallRuns
{
    public static TrainingConfig Mlp(int steps, IReadOnlyList<int> checkpoints, ulong seed, double? emaDecay = null) => new()
    {
        Data = "gaussian:2", ModelName = "mlp", Model = ModelPresets.Create("mlp", [2]), Steps = steps, BatchSize = 16,
        LearningRate = 1e-3, WarmupSteps = 1, EmaDecay = emaDecay, Seed = seed, Checkpoints = checkpoints,
    };
}
