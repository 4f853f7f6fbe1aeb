using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>A reverse-time update rule for a noise-prediction network over a <see cref="NoiseSchedule"/>.</summary>
public interface IDiffusionScheduler
{
    NoiseSchedule Schedule { get; }

    /// <summary>Name written into results (<c>ddpm</c>, <c>ddim</c>).</summary>
    string Name { get; }

    /// <summary>The timesteps visited, in order, when sampling with <paramref name="inferenceSteps"/> steps.</summary>
    IReadOnlyList<int> Timesteps(int inferenceSteps);

    /// <summary>One reverse update <c>x_t -> x_{t - T/n}</c> given the network's noise prediction at (x_t, t).</summary>
    Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Generator generator);
}
