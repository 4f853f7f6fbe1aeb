using System.Diagnostics;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The SPDE-induced evaluation metric (seed 004, §6 and Appendix A). The reverse DDPM process runs from noise, keeping its
/// states <c>X_t ~ u_t</c> at the evaluated timesteps; at each of them
/// <code>
/// xi(t) = d gbar_t^2 E_{x0 ~ data, z ~ N(0, I)} [ (u_t/v_t)(x_t) (s_theta(x_t, t) + z / b) . x_t / (eps_L + |x_t|^2) ]   eq. (15)
/// x_t = a x0 + b z,  a = sqrt(alphabar_t),  b = sqrt(1 - alphabar_t),  s_theta = -eps_hat / b   (Appendix A)
/// </code>
/// with <c>gbar_t^2 = beta_t</c> (the discrete DDPM diffusion increment) and <c>u_t/v_t</c> from the ratio estimator,
/// clamped to [0.01, 100]. <see cref="SiemStatistic"/> turns the series into SIEM (eq. (14)) and <c>||mu_t||</c>.
/// </summary>
/// <remarks>
/// The ratio is fitted on one draw of noised data and evaluated on another, so the expectation is not taken on the
/// classifier's own training points. Sampling uses diffusers' DDPM step with the model's scheduler config
/// (<c>variance_type</c>, clipping, thresholding, prediction type), or without one diffusers' defaults with
/// <c>x0</c>-clipping to [-1, 1] only for images; a model that predicts v or x0 has its output turned into eps_hat first.
/// </remarks>
/// <param name="schedule">The noise schedule (from <paramref name="reverse"/> when given).</param>
/// <param name="options">Ranges, strides and eps_L.</param>
/// <param name="ratio">The density-ratio estimator.</param>
/// <param name="reverse">The scheduler config of the model (a diffusers folder's scheduler_config.json), or null.</param>
public sealed class SiemEvaluator(NoiseSchedule schedule, SiemOptions options, IDensityRatioEstimator ratio, SchedulerConfig? reverse = null)
{
    private const int EvaluationBatch = 512;

    public NoiseSchedule Schedule { get; } = schedule;

    /// <summary>
    /// The reverse DDPM step: the config's, visiting every training timestep (steps_offset 0, since SIEM runs one step per
    /// timestep), else diffusers' defaults with x0-clipping for images.
    /// </summary>
    public DdpmScheduler ReverseStep(NoisePredictor model) => reverse is null
        ? new DdpmScheduler(Schedule, clipSample: model.Config.SampleShape.Length == 3)
        : new DdpmScheduler(Schedule, reverse with { StepsOffset = 0 });

    public SiemOptions Options { get; } = options;

    public IDensityRatioEstimator Ratio { get; } = ratio;

    /// <summary>Samples and scores in one go: <see cref="Sample"/> then <see cref="Evaluate(NoisePredictor, IDataset, SiemTrajectory, ulong, Action{string, int, int}?)"/>.</summary>
    /// <param name="model">The noise predictor under evaluation.</param>
    /// <param name="data">Real data <c>p_0</c> (model space), the source of <c>x0</c>.</param>
    /// <param name="count">Generated states per step, and noised data per step for the ratio and for the expectation.</param>
    /// <param name="seed">Seeds sampling, data draws and the classifiers.</param>
    /// <param name="progress">(phase, done, total): "sample" over reverse steps, then "xi" over evaluated timesteps.</param>
    public SiemResult Evaluate(NoisePredictor model, IDataset data, int count, ulong seed, Action<string, int, int>? progress = null)
    {
        using var trajectory = Sample(model, count, seed, progress);
        return Evaluate(model, data, trajectory, seed, progress);
    }

    /// <summary>Smallest number of generated states (and noised data) per step: the classifier needs a validation split of both.</summary>
    public const int MinSamples = 8;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> (parameter <c>samples</c>) below <see cref="MinSamples"/>.</summary>
    public static void ValidateSamples(int count) => Guard.AtLeast("samples", count, MinSamples, "SIEM fits a classifier on the states of every evaluated step");

    /// <summary>
    /// The evaluated timesteps in sampling order: the full-range grid (for <see cref="SiemRange.Full"/>) joined with the
    /// first-10% grid.
    /// </summary>
    public IReadOnlyList<int> EvaluatedTimesteps()
    {
        var total = Schedule.Length;
        Options.Validate(total);
        var fullSteps = Options.Range == SiemRange.Full ? Options.FullTimesteps(total) : [];
        return fullSteps.Concat(Options.FirstTimesteps(total)).Distinct().OrderDescending().ToArray();
    }

    /// <summary>
    /// Runs the reverse DDPM process (<see cref="ReverseStep"/>) keeping the states at
    /// <see cref="EvaluatedTimesteps"/>; for <see cref="SiemRange.First10"/> it stops at the last of them. The final
    /// samples of a full run are the model's samples, usable for FID and W2.
    /// </summary>
    public SiemTrajectory Sample(NoisePredictor model, int count, ulong seed, Action<string, int, int>? progress = null)
    {
        NativeLoader.EnsureLoaded();
        ValidateSamples(count);
        var evaluated = EvaluatedTimesteps();
        IDiffusionScheduler scheduler = ReverseStep(model);
        if (Options.Range == SiemRange.First10) scheduler = new TruncatedScheduler(scheduler, evaluated[^1]);
        var clock = Stopwatch.StartNew();
        var run = new Sampler(scheduler).Sample(model, count, Schedule.Length, seed, evaluated,
            progress: (done, all) => progress?.Invoke("sample", done, all));
        return new SiemTrajectory(run, clock.Elapsed.TotalSeconds);
    }

    /// <summary>xi at every evaluated timestep of <paramref name="trajectory"/>, then SIEM and <c>||mu||</c> per range.</summary>
    public SiemResult Evaluate(NoisePredictor model, IDataset data, SiemTrajectory trajectory, ulong seed, Action<string, int, int>? progress = null)
    {
        var evaluated = EvaluatedTimesteps();
        var count = (int)trajectory.Run.Samples.shape[0];
        var clock = new Stopwatch();
        using var generator = new Generator(seed ^ 0x5851F42D4C957F2DUL);
        var points = new List<SiemPoint>();
        foreach (var t in evaluated)
        {
            using var scope = NewDisposeScope();
            clock.Restart();
            using var density = Ratio.Fit(trajectory.Run.Trajectory[t], Noised(data.Sample(count, generator), t, generator).X, t, seed + (ulong)t);
            var ratioSeconds = clock.Elapsed.TotalSeconds;
            using var integrand = Integrand(model, data.Sample(count, generator), t, generator);
            points.Add(Xi(integrand, density) with { RatioSeconds = ratioSeconds, Seconds = clock.Elapsed.TotalSeconds });
            progress?.Invoke("xi", points.Count, evaluated.Count);
        }
        var (full, first) = Summarise(points.ToDictionary(p => p.Timestep, p => p.Xi));
        return new SiemResult(points, full, first, trajectory.Seconds);
    }

    /// <summary>SIEM and <c>||mu||</c> of both ranges from xi at (at least) <see cref="EvaluatedTimesteps"/>; the full range is null for <see cref="SiemRange.First10"/>.</summary>
    public (SiemSummary? Full, SiemSummary First10) Summarise(IReadOnlyDictionary<int, double> xi)
    {
        var total = Schedule.Length;
        SiemSummary Summary(IReadOnlyList<int> steps, int rangeLow) =>
            SiemStatistic.Summarise(steps, steps.Select(t => xi[t]).ToArray(), rangeLow, total - 1, total, Options.FilterSigmaSteps);
        return (Options.Range == SiemRange.Full ? Summary(Options.FullTimesteps(total), 0) : null,
            Summary(Options.FirstTimesteps(total), total - SiemOptions.FirstRangeLength(total)));
    }

    /// <summary>
    /// The ratio-free part of eq. (15) at one timestep: <c>x_t = a x0 + b z</c> for the given <paramref name="x0"/> and fresh
    /// noise, and per point <c>d gbar_t^2 (s_theta(x_t) + z / b) . x_t / (eps_L + |x_t|^2)</c> (Appendix A).
    /// </summary>
    public SiemIntegrand Integrand(NoisePredictor model, Tensor x0, int t, Generator generator)
    {
        using var noGrad = no_grad();
        using var scope = NewDisposeScope();
        var (xt, z) = Noised(x0, t, generator);
        var b = Math.Sqrt(1 - Schedule.AlphasCumprod[t]);
        var d = xt[0].numel();
        var parts = new List<Tensor>();
        for (long start = 0; start < xt.shape[0]; start += EvaluationBatch)
        {
            var n = Math.Min(EvaluationBatch, xt.shape[0] - start);
            var x = xt.narrow(0, start, n);
            var epsHat = NoiseEstimate(model.forward(x, full([n], t, ScalarType.Int64)), x, t);
            var scoreError = (z.narrow(0, start, n) - epsHat) / b;                       // s_theta + z / b, Appendix A
            var flat = x.reshape(n, -1).to(ScalarType.Float64);
            var weight = flat / (flat.pow(2).sum(1, keepdim: true) + Options.EpsilonL);  // x / (eps_L + |x|^2)
            parts.Add((scoreError.reshape(n, -1).to(ScalarType.Float64) * weight).sum(1));
        }
        var values = d * Schedule.Betas[t] * cat(parts, 0);
        return new SiemIntegrand(t, xt.MoveToOuterDisposeScope(), values.MoveToOuterDisposeScope());
    }

    /// <summary>eq. (15): the Monte Carlo mean of the integrand weighted by the ratio, clamped to [1/RatioClamp, RatioClamp].</summary>
    public SiemPoint Xi(SiemIntegrand integrand, IDensityRatio density)
    {
        using var scope = NewDisposeScope();
        var rawRatio = density.LogRatio(integrand.Points).exp();
        var r = rawRatio.clamp(1 / Options.RatioClamp, Options.RatioClamp);
        var clamped = (rawRatio.lt(1 / Options.RatioClamp) | rawRatio.gt(Options.RatioClamp)).to(ScalarType.Float64).mean().item<double>();
        var xi = (r * integrand.Values).mean().item<double>();                             // eq. (15)
        return new SiemPoint(integrand.Timestep, xi, r.mean().item<double>(), clamped, density.ValidationLoss, 0, 0);
    }

    /// <summary>eps_hat from the network's output: itself for epsilon models, else as the scheduler's step derives it.</summary>
    private Tensor NoiseEstimate(Tensor output, Tensor x, int t) =>
        reverse is null || reverse.PredictionType == PredictionType.Epsilon
            ? output
            : DenoisedEstimate.Predict(reverse, Schedule, Schedule.AlphasCumprod[t], output, x).Epsilon;

    /// <summary><c>x_t = a x0 + b z</c> with its noise z.</summary>
    public (Tensor X, Tensor Z) Noised(Tensor x0, int t, Generator generator)
    {
        var z = randn(x0.shape, generator: generator);
        return (Schedule.AddNoise(x0, z, full([x0.shape[0]], t, ScalarType.Int64)), z);
    }
}
