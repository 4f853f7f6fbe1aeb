using ScoreProbe.Neural.Diffusion;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// A scheduler that visits only the timesteps of <paramref name="inner"/> down to <paramref name="lowestTimestep"/>, so the
/// <see cref="Sampler"/> stops the reverse process there: SIEM on the first 10% of sampling (steps 999..900) needs only
/// that part of the trajectory. Each step is the inner scheduler's, with the full step count.
/// </summary>
public sealed class TruncatedScheduler(IDiffusionScheduler inner, int lowestTimestep) : IDiffusionScheduler
{
    public NoiseSchedule Schedule => inner.Schedule;

    public string Name => inner.Name;

    public IReadOnlyList<int> Timesteps(int inferenceSteps) => inner.Timesteps(inferenceSteps).Where(t => t >= lowestTimestep).ToArray();

    public Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Generator generator) =>
        inner.Step(modelOutput, timestep, sample, inferenceSteps, generator);
}
