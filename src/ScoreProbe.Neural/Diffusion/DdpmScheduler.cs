using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// Ancestral DDPM sampling as diffusers' <c>DDPMScheduler.step</c>. With <c>t'</c> the next visited timestep
/// (-1 after the last), <c>abar = alphabar_t</c>, <c>abar' = alphabar_t'</c> (1 if t' &lt; 0), <c>alpha = abar/abar'</c>,
/// <c>beta = 1 - alpha</c>:
/// <code>
/// x0_hat = clip(x0 estimate from the prediction type)                                    (DDPM eq. 15)
/// mu     = sqrt(abar') beta / (1 - abar) x0_hat + sqrt(alpha) (1 - abar') / (1 - abar) x_t     (DDPM eq. 7)
/// x_t'   = mu + sigma z,  z ~ N(0, I), no noise at t = 0,
/// sigma^2 = max((1 - abar') / (1 - abar) beta, 1e-20) (fixed_small) or beta (fixed_large)
/// </code>
/// Scalar coefficients follow diffusers' operation order; on diffusers' float32 schedules each is rounded to float32.
/// </summary>
public sealed class DdpmScheduler : IDiffusionScheduler
{
    /// <summary>Lower clamp of the posterior variance, as in diffusers.</summary>
    public const double MinimumVariance = 1e-20;

    /// <summary>diffusers' defaults (epsilon, fixed_small, leading spacing) with the given clipping.</summary>
    public DdpmScheduler(NoiseSchedule schedule, bool clipSample = true, double clipSampleRange = 1.0)
        : this(schedule, new SchedulerConfig { ClipSample = clipSample, ClipSampleRange = clipSampleRange, NumTrainTimesteps = schedule.Length, Float32 = schedule.Float32 })
    {
    }

    public DdpmScheduler(NoiseSchedule schedule, SchedulerConfig config)
    {
        Schedule = schedule;
        Config = config;
    }

    public NoiseSchedule Schedule { get; }

    public SchedulerConfig Config { get; }

    public bool ClipSample => Config.ClipSample;

    public string Name => "ddpm";

    public IReadOnlyList<int> Timesteps(int inferenceSteps) => Config.TimestepSpacing.Timesteps(Schedule.Length, inferenceSteps, Config.StepsOffset);

    /// <summary>The standard deviation of the noise added in the step from <paramref name="timestep"/> (0 at t = 0).</summary>
    public double NoiseScale(int timestep, int inferenceSteps)
    {
        if (timestep == 0) return 0;
        var variance = Variance(timestep, inferenceSteps);
        return Config.VarianceType == VarianceType.FixedSmallLog
            ? Schedule.Round(Math.Exp(Schedule.Round(0.5 * Schedule.Round(Math.Log(variance)))))
            : Schedule.Round(Math.Sqrt(variance));
    }

    /// <summary>The step's noise variance: the clamped posterior variance (fixed_small) or beta (fixed_large).</summary>
    public double Variance(int timestep, int inferenceSteps)
    {
        var r = Schedule.Round;
        var (abar, abarPrevious) = (Schedule.AlphasCumprod[timestep], Schedule.AlphaBarOrOne(PreviousTimestep(timestep, inferenceSteps)));
        var beta = r(1 - r(abar / abarPrevious));
        if (Config.VarianceType == VarianceType.FixedLarge) return beta;
        return Math.Max(r(r(r(1 - abarPrevious) / r(1 - abar)) * beta), r(MinimumVariance));
    }

    public Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Generator generator) =>
        Step(modelOutput, timestep, sample, inferenceSteps, shape => randn(shape, generator: generator));

    /// <summary>The step with the noise drawn by <paramref name="noise"/> (called once, only when t &gt; 0).</summary>
    internal Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Func<long[], Tensor> noise)
    {
        using var scope = NewDisposeScope();
        var r = Schedule.Round;
        var abar = Schedule.AlphasCumprod[timestep];
        var abarPrevious = Schedule.AlphaBarOrOne(PreviousTimestep(timestep, inferenceSteps));
        var betaProduct = r(1 - abar);
        var betaProductPrevious = r(1 - abarPrevious);
        var alpha = r(abar / abarPrevious);
        var beta = r(1 - alpha);
        var (estimate, _) = DenoisedEstimate.Predict(Config, Schedule, abar, modelOutput, sample);
        var x0 = DenoisedEstimate.Clip(Config, estimate);
        var x0Coefficient = r(r(r(Math.Sqrt(abarPrevious)) * beta) / betaProduct);
        var sampleCoefficient = r(r(r(Math.Sqrt(alpha)) * betaProductPrevious) / betaProduct);
        var mean = x0 * x0Coefficient + sample * sampleCoefficient;
        if (timestep > 0) mean = mean + noise(sample.shape) * NoiseScale(timestep, inferenceSteps);
        return mean.MoveToOuterDisposeScope();
    }

    /// <summary>diffusers' <c>previous_timestep</c>: the next entry of the visited timesteps, -1 after the last.</summary>
    public int PreviousTimestep(int timestep, int inferenceSteps)
    {
        var steps = Timesteps(inferenceSteps);
        for (var k = 0; k < steps.Count; k++)
            if (steps[k] == timestep) return k + 1 < steps.Count ? steps[k + 1] : -1;
        throw new Core.InvalidConfigurationException("timestep", $"{timestep} is not one of the {inferenceSteps} visited timesteps");
    }
}
