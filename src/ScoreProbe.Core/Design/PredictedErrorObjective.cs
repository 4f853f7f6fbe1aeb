using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Design;

/// <summary>
/// The predicted error of Theorem 5.1 at the final step as a function of the grid: <c>J = E0 + Edisc + Q = W2^2(ref, q*_0) + Q_complete</c>
/// (or <c>+ Q_paper</c>, the curvature kernel)
/// (E0 + Edisc is the exact-score sampler's error), for isotropic separable score errors. The recursions are those of
/// <see cref="Kernel.IsotropicModeKernelEngine"/> (eq. (26)–(27) and the second-order means of the complete kernel), run on
/// <see cref="Dual"/> numbers, so <c>dJ/dt_k</c> is exact differentiation of the recursions, of each step's own coefficients
/// (<see cref="StepJet"/>) and of the error model's time coefficients (<see cref="DesignErrorModel.TimeDerivative"/>); no step
/// size anywhere. One forward pass per interior time: cost O(K^2 d^2).
/// Score errors need a single-stage sampler; multi-stage samplers (Heun, RK4) are designed for the exact score (no error model).
/// </summary>
public sealed class PredictedErrorObjective : IGridObjective
{
    private readonly GaussianTarget _target;
    private readonly IDiffusionSchedule _schedule;
    private readonly IReverseSampler _sampler;
    private readonly DesignErrorModel? _errors;
    private readonly bool _singleStage;
    private readonly double[] _refMean;
    private readonly double[] _refVariance;

    /// <param name="target">p_data.</param>
    /// <param name="schedule">The forward schedule; T is its horizon.</param>
    /// <param name="sampler">The reverse sampler.</param>
    /// <param name="steps">Number of steps K.</param>
    /// <param name="tMin">Truncation t_0 (0: the last step lands on clean data).</param>
    /// <param name="reference">What the final step is compared with.</param>
    /// <param name="errors">The score-error model over the evaluation times; null for the exact score.</param>
    /// <param name="completeKernel">Q_complete (default) or the paper's curvature kernel Q_paper, a sum of squares: the complete kernel's
    /// second-order means <c>&lt;grad F*, E y2&gt;</c> are unbounded below over grids far from the data, where large errors make them dominate.</param>
    public PredictedErrorObjective(GaussianTarget target, IDiffusionSchedule schedule, IReverseSampler sampler, int steps, double tMin,
        WassersteinReference reference, DesignErrorModel? errors, bool completeKernel = true)
    {
        CompleteKernel = completeKernel;
        Guard.AtLeast("steps", steps, 1);
        // t_min = 0 is clean data, where the last step of ddpm and ddim lands on a network's discrete schedule (TimeGrid.EndingAtData).
        if (tMin != 0) Guard.InOpenRange("t-min", tMin, 0, schedule.Horizon, $"the grid runs from t_min to the horizon T = {schedule.Horizon}");
        _target = target;
        _schedule = schedule;
        _sampler = sampler;
        _errors = errors;
        Steps = steps;
        TMin = tMin;
        Horizon = schedule.Horizon;
        _singleStage = SingleStageCoefficients.TryRead(sampler, new StepContext(schedule, Horizon, 0.5 * (tMin + Horizon))) is not null;
        if (errors is not null && !_singleStage)
            throw new InvalidConfigurationException("sampler",
                $"grid design under score errors needs a single-stage sampler (em, pf-euler, alpha, ddpm, ddim, exp-integrator); {sampler.Name} evaluates the score between grid times, so design it for the exact score (eps 0)");
        (_refMean, _refVariance) = ReverseProblem.ReferenceMomentsAt(target, schedule, reference, tMin);
    }

    public int Steps { get; }
    public double TMin { get; }

    /// <summary>Whether Q is the complete kernel (else the paper's curvature kernel).</summary>
    public bool CompleteKernel { get; }
    public double Horizon { get; }

    /// <summary>Margin of the stability barrier: it acts where a step multiplies some mode by less than <c>-1 + StabilityMargin</c>.</summary>
    public const double StabilityMargin = 0.1;

    /// <summary>Weight w of the stability barrier in <see cref="Value"/>.</summary>
    public const double BarrierWeight = 0.05;

    /// <summary>The predicted final-step error <c>J = E0 + Edisc + Q_complete</c>; +inf on grids with an unstable step.</summary>
    public double Prediction(IReadOnlyList<double> times)
    {
        Check(times);
        var jets = Jets(times, differentiate: false);
        return IsUnstable(jets) ? double.PositiveInfinity : Run(times, jets, ErrorsAt(times), -1, barrier: false).Value;
    }

    /// <summary>
    /// What the designer minimises: <c>J (1 + w sum_{p,i} phi((1 + A_pi)/m))</c> with <c>phi(x) = x - 1 - log x</c> for x &lt; 1 and 0 above,
    /// a barrier that is C^1, exactly zero on grids whose every step keeps its amplifications above <c>-1 + m</c> (there the
    /// value is J) and infinite where a step multiplies a mode by -1, which the kernel engines reject as unstable. So designed
    /// grids are always accepted by <c>kernel --grid</c>, and samplers whose unconstrained optimum would overshoot (Euler–Maruyama
    /// takes one huge first step) stop just inside the stable grids with a vanishing gradient.
    /// </summary>
    public double Value(IReadOnlyList<double> times)
    {
        Check(times);
        var jets = Jets(times, differentiate: false);
        return IsUnstable(jets) ? double.PositiveInfinity : Run(times, jets, ErrorsAt(times), -1, barrier: true).Value;
    }

    public (double Value, double[] Gradient) ValueAndGradient(IReadOnlyList<double> times)
    {
        Check(times);
        var jets = Jets(times, differentiate: true);
        if (IsUnstable(jets)) return (double.PositiveInfinity, new double[Steps + 1]);
        var errors = ErrorsAt(times);
        var gradient = new double[Steps + 1];
        var value = Run(times, jets, errors, -1, barrier: true).Value;
        for (var j = 1; j < Steps; j++) gradient[j] = Run(times, jets, errors, j, barrier: true).Tangent;
        return (value, gradient);
    }

    /// <summary>Whether the exact-score step is unstable on this grid (some mode multiplied by a factor &lt;= -1, as <see cref="ExactScoreTrajectory"/> rejects).</summary>
    public bool IsUnstable(IReadOnlyList<double> times) => IsUnstable(Jets(times, differentiate: false));

    private bool IsUnstable(StepJet[] jets) => jets.Any(j => Enumerable.Range(0, _target.Dimension).Any(i => !(j.Values[i] > -1) || !double.IsFinite(j.Values[i])));

    /// <summary>The evaluation times of a single-stage sampler on the grid: t_{k+1} for each step, from T down.</summary>
    private double[] EvaluationTimes(IReadOnlyList<double> times) => Enumerable.Range(0, Steps).Select(p => times[Steps - p]).ToArray();

    private IReadOnlyList<ScoreErrorModel>? ErrorsAt(IReadOnlyList<double> times) => _errors?.At(EvaluationTimes(times));

    private void Check(IReadOnlyList<double> times)
    {
        if (times.Count != Steps + 1 || times[0] != TMin || times[Steps] != Horizon)
            throw new ArgumentException($"the objective is defined on grids of {Steps} steps from {TMin} to {Horizon}");
    }

    /// <summary>Step p (processing order) runs from t_{K-p} to t_{K-p-1}.</summary>
    private StepJet[] Jets(IReadOnlyList<double> times, bool differentiate)
    {
        var jets = new StepJet[Steps];
        for (var p = 0; p < Steps; p++)
        {
            int k = Steps - p - 1;
            jets[p] = StepJet.Compute(_target, _schedule, _sampler, times[k + 1], times[k], _singleStage,
                needFrom: differentiate && k + 1 < Steps, needTo: differentiate && k > 0);
        }
        return jets;
    }

    /// <summary>The objective as a dual number whose tangent is <c>dJ/dt_moved</c> (moved = -1: value only).</summary>
    private Dual Run(IReadOnlyList<double> times, StepJet[] jets, IReadOnlyList<ScoreErrorModel>? errors, int moved, bool barrier)
    {
        int d = _target.Dimension, steps = Steps;
        double Seed(int k) => k == moved ? 1 : 0;

        // Exact-score moments per mode, at each step's input (index p) and at the end (index steps).
        var slope = new Dual[steps][];
        var weight = new Dual[steps];
        var mean = new Dual[steps + 1][];
        var variance = new Dual[steps + 1][];
        mean[0] = new Dual[d];
        variance[0] = Enumerable.Repeat((Dual)_schedule.PriorVariance, d).ToArray();
        for (var p = 0; p < steps; p++)
        {
            int k = steps - p - 1;
            double from = Seed(k + 1), to = Seed(k);
            var jet = jets[p];
            slope[p] = new Dual[d];
            mean[p + 1] = new Dual[d];
            variance[p + 1] = new Dual[d];
            var noise = jet.NoiseVariance(from, to);
            weight[p] = _singleStage ? jet.ScoreWeight(from, to) : default;
            for (var i = 0; i < d; i++)
            {
                var a = slope[p][i] = jet.Slope(i, from, to);
                mean[p + 1][i] = a * mean[p][i] + jet.Offset(i, from, to); // eq. (21)
                variance[p + 1][i] = a * a * variance[p][i] + noise;
            }
        }

        Dual penalty = 0;
        if (barrier)
            foreach (var row in slope)
                foreach (var a in row)
                {
                    var x = (1.0 + a) / StabilityMargin;
                    if (x.Value < 1) penalty += x - 1.0 - Dual.Log(x);
                }
        return penalty.Value == 0 ? Predicted(errors, times, moved, slope, weight, mean, variance) 
            : Predicted(errors, times, moved, slope, weight, mean, variance) * (1.0 + BarrierWeight * penalty);
    }

    private Dual Predicted(IReadOnlyList<ScoreErrorModel>? errors, IReadOnlyList<double> times, int moved, Dual[][] slope, Dual[] weight, Dual[][] mean, Dual[][] variance)
    {
        int d = _target.Dimension, steps = Steps;
        Dual total = 0;
        for (var i = 0; i < d; i++)
        {
            var dm = mean[steps][i] - _refMean[i];
            var ds = Math.Sqrt(_refVariance[i]) - Dual.Sqrt(variance[steps][i]);
            total += dm * dm + ds * ds;
        }
        if (errors is null) return total;

        var hasMean = _target.MeanInEigenbasis.Any(v => v != 0);
        for (var part = 0; part < errors.Count; part++)
        {
            var kernel = new KernelSweep(d, steps, slope, weight, mean, variance, errors[part].ShiftVariance, errors[part].DeltaEntryVariance, hasMean,
                _refMean, _refVariance, CompleteKernel);
            foreach (var (phi, sigma) in ComponentsAsDuals(errors[part], part, times, moved)) total += kernel.Component(phi, sigma);
        }
        return total;
    }

    /// <summary>Each time component's <c>(Phi_n, Sigma_n)</c> with tangents along the moved grid time (evaluation time K - moved).</summary>
    private List<(Dual[] Phi, Dual[] Sigma)> ComponentsAsDuals(ScoreErrorModel errors, int part, IReadOnlyList<double> times, int moved)
    {
        var list = new List<(Dual[], Dual[])>();
        var derivative = moved < 0 ? null : _errors!.TimeDerivative(part, EvaluationTimes(times), Steps - moved);
        for (var c = 0; c < errors.Time.Components.Count; c++)
        {
            var component = errors.Time.Components[c];
            var dPhi = derivative?[c].DPhi;
            var dSigma = derivative?[c].DSigma;
            list.Add((component.Phi.Select((v, n) => new Dual(v, dPhi?[n] ?? 0)).ToArray(),
                component.Sigma.Select((v, n) => new Dual(v, dSigma?[n] ?? 0)).ToArray()));
        }
        return list;
    }
}
