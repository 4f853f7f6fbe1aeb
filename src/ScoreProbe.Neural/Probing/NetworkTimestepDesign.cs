using ScoreProbe.Core.Design;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Targets;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;

namespace ScoreProbe.Neural.Probing;

/// <summary>How the timesteps are designed and judged: K steps, probed knots, optimiser starts, probing, prediction and measurement.</summary>
/// <param name="Steps">Visited timesteps K.</param>
/// <param name="Knots">Timesteps probed for the error profile, evenly spaced over [0, N-1] (diffusers' linspace spacing).</param>
/// <param name="Starts">Perturbed optimiser starts besides uniform, quadratic and trailing.</param>
/// <param name="Seed">Seed of the perturbed starts.</param>
/// <param name="Probe">Residual probing (repetitions, batch, seed, kind).</param>
/// <param name="Prediction">Prediction of each list (bootstrap).</param>
/// <param name="Measurement">Sampling each list; null for predictions only.</param>
public sealed record TimestepDesignOptions(int Steps, int Knots, int Starts, int Seed, ResidualProbeOptions Probe, PredictionOptions Prediction,
    MeasurementOptions? Measurement);

/// <summary>One timestep list judged: the design objective where it applies, the full prediction, and the measurement of the networks' samples.</summary>
/// <param name="Kind">designed, leading, trailing or exact-score-design.</param>
/// <param name="Plan">The DDIM plan visiting the list.</param>
/// <param name="Objective">The designer's objective on the list (null for lists that do not start at timestep N - 1, where its prior sits).</param>
/// <param name="Prediction">The non-centred prediction from the networks probed at the list's timesteps (<see cref="TrainedPrediction.Predict"/>).</param>
/// <param name="Measurement">W2^2 of the networks' samples with the list, or null.</param>
public sealed record JudgedTimesteps(string Kind, SamplerPlan Plan, double? Objective, SamplerPrediction Prediction, SamplerMeasurement? Measurement);

/// <summary>
/// The design: the error profile it used, the continuous optimum, the rounded list and every list judged: designed, leading, trailing,
/// and the design for the exact score (no error profile), in that order.
/// </summary>
public sealed record TimestepDesign(int[] KnotTimesteps, EstimatedErrorProfile Profile, GridDesign Continuous, int[] Designed, IReadOnlyList<JudgedTimesteps> Lists);

/// <summary>
/// Issue 13 item 4: DDIM timesteps designed from a trained network's estimated errors. The networks are probed on a common probability
/// space at evenly spaced knots (<see cref="ResidualProbe"/>), their affine errors become an error profile in time
/// (<see cref="EstimatedErrorProfile"/>), the grid designer minimises the predicted <c>E W2^2</c> of Core's DDIM (eta 0, exact on the
/// network's discrete schedule) over continuous grids <c>0 = t_0 &lt; ... &lt; t_K = 1</c> (the first step from timestep N - 1, the last
/// onto clean data), and the optimum is rounded to distinct integer timesteps. The rounded list, diffusers' 'leading' and 'trailing'
/// lists at the same K are then each predicted with the full non-centred expansion from the networks probed at their own timesteps, and
/// sampled from the same seeded noise.
/// </summary>
public static class NetworkTimestepDesign
{
    /// <summary>Budgets checked before any work: repetitions, pairs, residual memory, bootstrap resamples and samples.</summary>
    public const int MaxRepetitions = 1000, MaxBatch = 1_000_000, MaxBootstrap = 1_000_000, MaxSamples = 1_000_000;

    /// <summary>States and residuals of one probe, in doubles.</summary>
    public const double MaxResidualBytes = 4.0 * (1 << 30);

    public static TimestepDesign Run(IReadOnlyList<(string Name, NoisePredictor Network)> networks, IDataset data, GaussianTarget target,
        NetworkTimeline timeline, TimestepDesignOptions options, Action<string>? log = null)
    {
        var n = timeline.Length;
        Guard.InRange("steps", options.Steps, 1, n, $"the network's schedule has {n} timesteps");
        Guard.InRange("knots", options.Knots, 2, n, $"the profile interpolates between at least two of the {n} timesteps");
        Guard.AtLeast("starts", options.Starts, 0);
        Guard.InRange("reps", options.Probe.Repetitions, 2, MaxRepetitions, "the fitting noise is estimated from the repetitions");
        Guard.InRange("batch", options.Probe.Batch, target.Dimension + 1, MaxBatch, "the affine fit has d^2 + d unknowns per time");
        var probed = Math.Max(options.Knots, 4 * options.Steps);
        var bytes = 16.0 * probed * options.Probe.Repetitions * options.Probe.Batch * target.Dimension;
        if (bytes > MaxResidualBytes)
            throw new Core.InvalidConfigurationException("batch",
                $"probing {probed} timesteps x {options.Probe.Repetitions} repetitions x {options.Probe.Batch} pairs in d = {target.Dimension} holds {bytes / (1 << 30):G3} GiB of residuals " +
                $"(limit {MaxResidualBytes / (1 << 30):G3} GiB): lower the batch, the repetitions or the knots");
        Guard.InRange("bootstrap", options.Prediction.BootstrapResamples, 10, MaxBootstrap);
        if (options.Measurement is { } measurement)
        {
            Guard.InRange("n", measurement.Samples, 10, MaxSamples, "samples per network and list");
            Guard.InRange("bootstrap", measurement.BootstrapResamples, 10, MaxBootstrap);
        }
        var knots = TimestepSpacing.Linspace.Timesteps(n, options.Knots, 0).ToArray();

        log?.Invoke($"probing {networks.Count} network(s) at {knots.Length} knots");
        var atKnots = ProbedNetwork.ProbeAll(networks, data, timeline, knots, options.Probe);
        var profile = EstimatedErrorProfile.From(atKnots.Select(p => p.Estimate).ToArray(), knots.Select(timeline.TimeOf).ToArray());
        var objective = Objective(target, timeline, options.Steps, profile);

        log?.Invoke($"designing {options.Steps} timesteps");
        var trailing = SamplerPlan.Trailing("ddim", options.Steps, timeline);
        var starts = Starts(options.Steps, trailing);
        var continuous = GridDesigner.Design(objective, starts, options.Starts, options.Seed);
        var designed = Round(continuous.Grid.Times, timeline);
        // The same design without the error profile: what the estimated errors change, beyond the exact-score sampler's Edisc.
        var exactScore = Round(GridDesigner.Design(Objective(target, timeline, options.Steps, null), starts, options.Starts, options.Seed).Grid.Times, timeline);

        var plans = new[]
        {
            SamplerPlan.FromTimesteps("ddim", designed, timeline, "designed"), SamplerPlan.Create("ddim", options.Steps, timeline), trailing,
            SamplerPlan.FromTimesteps("ddim", exactScore, timeline, "exact-score-design"),
        };
        var union = plans.SelectMany(p => p.Timesteps).Distinct().OrderDescending().ToArray();
        log?.Invoke($"probing at the {union.Length} timesteps of the designed, leading and trailing lists");
        var atLists = ProbedNetwork.ProbeAll(networks, data, timeline, union, options.Probe);
        var lists = plans.Select(plan =>
        {
            var grid = plan.Grid.Times;
            double? value = grid[^1] == objective.Horizon ? objective.Prediction(grid) : null;
            var prediction = TrainedPrediction.Predict(atLists, target, plan, options.Prediction);
            SamplerMeasurement? measurement = null;
            if (options.Measurement is { } m)
            {
                log?.Invoke($"sampling {plan.Grid.Kind}");
                (prediction, measurement) = TrainedPrediction.Measure(prediction, atLists, data, target, plan, m);
            }
            return new JudgedTimesteps(plan.Grid.Kind, plan, value, prediction, measurement);
        }).ToArray();
        return new TimestepDesign(knots, profile, continuous, designed, lists);
    }

    /// <summary>
    /// The designer's objective: predicted final-step <c>E W2^2 = E0 + Edisc + Q_paper</c> to the data of Core's DDIM on the network's
    /// schedule, from the proxy prior N(0, I) at t = 1 (timestep N - 1) to clean data at t = 0, under the profile's error model. The
    /// curvature kernel, not the complete one: a trained network's errors near t = 0 are large (score units), and the complete kernel's
    /// second-order means then reward grids with one huge last step without bound (a 300-step network on gaussian:2 at K = 3 reached
    /// -2e3); Q_paper is a sum of squares, so the objective is at least the exact-score sampler's error.
    /// </summary>
    public static PredictedErrorObjective Objective(GaussianTarget target, NetworkTimeline timeline, int steps, EstimatedErrorProfile? profile) =>
        new(target, timeline.Continuous, new DdimSampler(), steps, 0, WassersteinReference.Data, profile?.DesignModel(), completeKernel: false);

    /// <summary>
    /// Rounds a continuous grid <c>0 = t_0 &lt; ... &lt; t_K = 1</c> to K distinct timesteps, descending: <c>i_k = round(N t_k) - 1</c>, then pushed
    /// up from the bottom and down from the top where rounding made neighbours equal (every i in [0, N-1]).
    /// </summary>
    public static int[] Round(IReadOnlyList<double> grid, NetworkTimeline timeline)
    {
        var n = timeline.Length;
        var steps = grid.Count - 1;
        if (steps > n) throw new ArgumentException($"{steps} distinct timesteps do not fit in {n}");
        var ascending = Enumerable.Range(1, steps).Select(k => Math.Clamp((int)Math.Round(grid[k] * n, MidpointRounding.ToEven) - 1, 0, n - 1)).ToArray();
        for (var k = 1; k < steps; k++) ascending[k] = Math.Max(ascending[k], ascending[k - 1] + 1);
        for (var k = steps - 1; k >= 0; k--) ascending[k] = Math.Min(ascending[k], n - steps + k);
        for (var k = 1; k < steps; k++) ascending[k] = Math.Max(ascending[k], ascending[k - 1] + 1);
        return ascending.Reverse().ToArray();
    }

    /// <summary>Starts of the optimiser: the trailing list, and uniform (when it differs from trailing) and quadratic in t.</summary>
    private static TimeGrid[] Starts(int steps, SamplerPlan trailing)
    {
        TimeGrid Fractions(string kind, Func<double, double> f) => TimeGrid.EndingAtData(Enumerable.Range(1, steps).Select(k => k == steps ? 1.0 : f(k / (double)steps)).ToArray(), kind);
        var uniform = Fractions("uniform", u => u);
        var distinct = uniform.Times.Zip(trailing.Grid.Times).Any(p => Math.Abs(p.First - p.Second) > 1e-12);
        return distinct ? [trailing.Grid, uniform, Fractions("quadratic", u => u * u)] : [trailing.Grid, Fractions("quadratic", u => u * u)];
    }
}
