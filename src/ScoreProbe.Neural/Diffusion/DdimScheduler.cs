using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// DDIM (Song et al. 2021, eq. 12) as diffusers' <c>DDIMScheduler.step</c>. With <c>t' = t - T/n</c> (integer
/// division, whatever the spacing, as diffusers), <c>abar' = alphabar_t'</c>, or 1 (set_alpha_to_one) / alphabar_0 when t' &lt; 0.
/// With a custom timestep list (<see cref="WithTimesteps"/>) t' is the next entry of the list and -1 after the last, the semantics of
/// diffusers' schedulers that take custom lists (DDPMScheduler's <c>previous_timestep</c>; its DDIMScheduler takes none):
/// <code>
/// x0_hat, eps_hat from the prediction type; x0_hat clipped
/// sigma^2 = eta^2 (1 - abar') / (1 - abar) (1 - abar / abar')
/// x_t'    = sqrt(abar') x0_hat + sqrt(1 - abar' - sigma^2) eps_hat + sigma z
/// </code>
/// <c>eta = 0</c> (default) is the deterministic sampler: x_0 is a function of the weights and x_T alone.
/// </summary>
public sealed class DdimScheduler : IDiffusionScheduler
{
    /// <summary>diffusers' defaults (epsilon, leading spacing, set_alpha_to_one) with the given eta and clipping.</summary>
    public DdimScheduler(NoiseSchedule schedule, double eta = 0.0, bool clipSample = true, double clipSampleRange = 1.0)
        : this(schedule, new SchedulerConfig { ClassName = SchedulerConfig.DdimClass, ClipSample = clipSample, ClipSampleRange = clipSampleRange, NumTrainTimesteps = schedule.Length, Float32 = schedule.Float32 }, eta)
    {
    }

    public DdimScheduler(NoiseSchedule schedule, SchedulerConfig config, double eta = 0.0)
        : this(schedule, config, eta, null)
    {
    }

    private DdimScheduler(NoiseSchedule schedule, SchedulerConfig config, double eta, int[]? custom)
    {
        Schedule = schedule;
        Config = config;
        Eta = Core.Validation.Guard.NonNegative("eta", eta);
        _custom = custom;
    }

    /// <summary>The same scheduler visiting an explicit list of timesteps (<see cref="CustomTimesteps.Validate"/>).</summary>
    public DdimScheduler WithTimesteps(IReadOnlyList<int> timesteps) => new(Schedule, Config, Eta, CustomTimesteps.Validate(timesteps, Schedule.Length));

    /// <summary>The custom timestep list, or null for the config's spacing.</summary>
    public IReadOnlyList<int>? Custom => _custom;

    private readonly int[]? _custom;

    public NoiseSchedule Schedule { get; }

    public SchedulerConfig Config { get; }

    public double Eta { get; }

    public string Name => "ddim";

    public IReadOnlyList<int> Timesteps(int inferenceSteps)
    {
        if (Custom is null) return Config.TimestepSpacing.Timesteps(Schedule.Length, inferenceSteps, Config.StepsOffset);
        if (inferenceSteps != Custom.Count) throw new ArgumentException($"the custom list has {Custom.Count} timesteps, not {inferenceSteps}");
        return Custom;
    }

    /// <summary>The timestep the step from <paramref name="timestep"/> lands on; negative for clean data.</summary>
    public int Previous(int timestep, int inferenceSteps)
    {
        if (Custom is null) return timestep - Schedule.Length / inferenceSteps;
        var k = Array.IndexOf(_custom!, timestep);
        if (k < 0) throw new ArgumentException($"timestep {timestep} is not in the custom list");
        return k + 1 < Custom.Count ? Custom[k + 1] : -1;
    }

    public Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Generator generator) =>
        Step(modelOutput, timestep, sample, inferenceSteps, shape => randn(shape, generator: generator));

    /// <summary>The step with the noise drawn by <paramref name="noise"/> (called only when eta &gt; 0).</summary>
    internal Tensor Step(Tensor modelOutput, int timestep, Tensor sample, int inferenceSteps, Func<long[], Tensor> noise)
    {
        using var scope = NewDisposeScope();
        var r = Schedule.Round;
        var previous = Previous(timestep, inferenceSteps);
        var abar = Schedule.AlphasCumprod[timestep];
        var abarPrevious = previous >= 0 ? Schedule.AlphasCumprod[previous] : Config.SetAlphaToOne ? 1.0 : Schedule.AlphasCumprod[0];
        var (estimate, epsilon) = DenoisedEstimate.Predict(Config, Schedule, abar, modelOutput, sample);
        var x0 = DenoisedEstimate.Clip(Config, estimate);
        var variance = r(r(r(1 - abarPrevious) / r(1 - abar)) * r(1 - r(abar / abarPrevious)));
        var sigma = r(r(Eta) * r(Math.Sqrt(variance)));
        var direction = r(Math.Sqrt(r(r(1 - abarPrevious) - r(sigma * sigma))));
        var next = x0 * r(Math.Sqrt(abarPrevious)) + epsilon * direction;
        if (Eta > 0) next = next + noise(sample.shape) * sigma;
        return next.MoveToOuterDisposeScope();
    }
}
