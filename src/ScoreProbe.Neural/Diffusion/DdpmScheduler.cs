using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// Ancestral DDPM sampling as diffusers' <c>DDPMScheduler.step</c> with its defaults (epsilon prediction,
/// variance_type "fixed_small", clip_sample on with range 1, "leading" spacing). With <c>t' = t - T/n</c>,
/// <c>abar = alphabar_t</c>, <c>abar' = alphabar_t'</c> (1 if t' &lt; 0), <c>alpha = abar/abar'</c>, <c>beta = 1 - alpha</c>:
/// <code>
/// x0_hat = clip((x_t - sqrt(1 - abar) eps_hat) / sqrt(abar), -1, 1)
/// mu     = sqrt(abar') beta / (1 - abar) x0_hat + sqrt(alpha) (1 - abar') / (1 - abar) x_t      (DDPM eq. 7)
/// x_t'   = mu + sqrt(max((1 - abar') / (1 - abar) beta, 1e-20)) z,   z ~ N(0, I), no noise at t = 0
/// </code>
/// </summary>
public sealed class DdpmScheduler(NoiseSchedule schedule, bool clipSample = true, double clipSampleRange = 1.0) : IDiffusionScheduler
{
    /// <summary>Lower clamp of the posterior variance, as in diffusers.</summary>
    public const double MinimumVariance = 1e-20;

    public NoiseSchedule Schedule { get; } = schedule;

    public bool ClipSample { get; } = clipSample;

    public string Name => "ddpm";

    public IReadOnlyList<int> Timesteps(int inferenceSteps) => Schedule.LeadingTimesteps(inferenceSteps);

    /// <summary>Posterior variance <c>max((1 - abar') / (1 - abar) (1 - abar/abar'), 1e-20)</c> ("fixed_small").</summary>
    public double Variance(int timestep, int inferenceSteps)
    {
        var (abar, abarPrevious) = (Schedule.AlphasCumprod[timestep], Schedule.AlphaBarOrOne(PreviousTimestep(timestep, inferenceSteps)));
        var beta = 1 - abar / abarPrevious;
        return Math.Max((1 - abarPrevious) / (1 - abar) * beta, MinimumVariance);
    }

    public Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Generator generator)
    {
        using var scope = NewDisposeScope();
        var abar = Schedule.AlphasCumprod[timestep];
        var abarPrevious = Schedule.AlphaBarOrOne(PreviousTimestep(timestep, inferenceSteps));
        var alpha = abar / abarPrevious;
        var beta = 1 - alpha;
        var x0 = (sample - Math.Sqrt(1 - abar) * modelOutput) / Math.Sqrt(abar);
        if (ClipSample) x0 = x0.clamp(-clipSampleRange, clipSampleRange);
        var mean = Math.Sqrt(abarPrevious) * beta / (1 - abar) * x0 + Math.Sqrt(alpha) * (1 - abarPrevious) / (1 - abar) * sample;
        if (timestep > 0)
            mean = mean + Math.Sqrt(Variance(timestep, inferenceSteps)) * randn(sample.shape, generator: generator);
        return mean.MoveToOuterDisposeScope();
    }

    private int PreviousTimestep(int timestep, int inferenceSteps) => timestep - Schedule.Length / inferenceSteps;
}
