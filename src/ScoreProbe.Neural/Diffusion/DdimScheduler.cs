using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// DDIM (Song et al. 2021, eq. 12) as diffusers' <c>DDIMScheduler.step</c> with its defaults (clip_sample on,
/// set_alpha_to_one, "leading" spacing). With <c>t' = t - T/n</c>, <c>abar' = 1</c> when t' &lt; 0:
/// <code>
/// x0_hat  = clip((x_t - sqrt(1 - abar) eps_hat) / sqrt(abar), -1, 1)
/// sigma^2 = eta^2 (1 - abar') / (1 - abar) (1 - abar / abar')
/// x_t'    = sqrt(abar') x0_hat + sqrt(1 - abar' - sigma^2) eps_hat + sigma z
/// </code>
/// <c>eta = 0</c> (default) is the deterministic sampler.
/// </summary>
public sealed class DdimScheduler(NoiseSchedule schedule, double eta = 0.0, bool clipSample = true, double clipSampleRange = 1.0) : IDiffusionScheduler
{
    public NoiseSchedule Schedule { get; } = schedule;

    public double Eta { get; } = eta;

    public string Name => "ddim";

    public IReadOnlyList<int> Timesteps(int inferenceSteps) => Schedule.LeadingTimesteps(inferenceSteps);

    public Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Generator generator)
    {
        using var scope = NewDisposeScope();
        var abar = Schedule.AlphasCumprod[timestep];
        var abarPrevious = Schedule.AlphaBarOrOne(timestep - Schedule.Length / inferenceSteps);
        var x0 = (sample - Math.Sqrt(1 - abar) * modelOutput) / Math.Sqrt(abar);
        if (clipSample) x0 = x0.clamp(-clipSampleRange, clipSampleRange);
        var variance = (1 - abarPrevious) / (1 - abar) * (1 - abar / abarPrevious);
        var sigma = Eta * Math.Sqrt(variance);
        var next = Math.Sqrt(abarPrevious) * x0 + Math.Sqrt(1 - abarPrevious - sigma * sigma) * modelOutput;
        if (sigma > 0) next = next + sigma * randn(sample.shape, generator: generator);
        return next.MoveToOuterDisposeScope();
    }
}
