using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Design;

/// <summary>
/// Paper 000 §7/§10: the grid that minimises the predicted error at a fixed number of steps. BFGS in the softmax-of-log-increments
/// parameters (<see cref="GridParameterisation"/>) from several starts (the standard families and perturbations of the best of
/// them); the best end point is the design.
/// </summary>
public static class GridDesigner
{
    /// <summary>Relative gradient tolerance: <c>max_l |dJ/dtheta_l| &lt;= Tolerance J</c>.</summary>
    public const double Tolerance = 1e-8;

    private const int MaxIterations = 400;

    /// <summary>The spec's error model over moving evaluation times; null for the exact score (eps = 0).</summary>
    public static DesignErrorModel? ErrorModel(GaussianProblemSpec spec) =>
        spec.Eps == 0 ? null : new DesignErrorModel(spec.ErrorsAt, spec.ErrorTimeDerivativeAt, spec.ErrorModel);

    /// <summary>The predicted final-step error of <paramref name="spec"/> as a function of a <paramref name="steps"/>-step grid.</summary>
    public static PredictedErrorObjective Objective(GaussianProblemSpec spec, int steps)
    {
        var schedule = spec.BuildSchedule();
        return new PredictedErrorObjective(spec.BuildTarget(), schedule, spec.BuildSampler(), steps, spec.TMin, spec.Reference, ErrorModel(spec));
    }

    /// <summary>The standard families (<see cref="TimeGrid.Families"/>) at the objective's steps and ends.</summary>
    public static TimeGrid[] StandardGrids(IGridObjective objective, Schedules.IDiffusionSchedule schedule) =>
        TimeGrid.Families.Select(f => TimeGrid.Create(f, objective.Steps, objective.TMin, objective.Horizon, schedule)).ToArray();

    /// <param name="objective">What to minimise.</param>
    /// <param name="starts">Start grids (at least one), each with the objective's steps and ends.</param>
    /// <param name="perturbedStarts">Extra starts: the best start with its log-increments perturbed by N(0, 0.3^2).</param>
    /// <param name="seed">Seed of the perturbations.</param>
    public static GridDesign Design(IGridObjective objective, IReadOnlyList<TimeGrid> starts, int perturbedStarts = 2, int seed = 0)
    {
        if (starts.Count == 0) throw new ArgumentException("the designer needs at least one start");
        Guard.AtLeast("starts", perturbedStarts, 0);
        var map = new GridParameterisation(objective.Steps, objective.TMin, objective.Horizon);
        (double, double[]) InTheta(double[] theta)
        {
            var times = map.Times(theta);
            var (value, gradient) = objective.ValueAndGradient(times);
            return (value, map.ThetaGradient(theta, gradient));
        }

        var runs = new List<DesignStart>();
        var candidates = starts.Select(g => (g.Kind, Theta: map.Theta(g.Times))).Where(c => double.IsFinite(objective.Value(map.Times(c.Theta)))).ToList();
        if (candidates.Count == 0)
            throw new InvalidConfigurationException("steps",
                $"every start grid ({string.Join(", ", starts.Select(g => g.Kind))}) has an unstable step at {objective.Steps} steps; use more steps or a larger t-min");
        var best = candidates.MinBy(c => objective.Value(map.Times(c.Theta)));
        var rng = new Random(seed);
        for (var r = 0; r < perturbedStarts; r++)
            candidates.Add(($"{best.Kind}+noise{r + 1}", best.Theta.Select(x => x + 0.3 * ErrorModels.Gaussian.Next(rng)).ToArray()));

        foreach (var (kind, theta) in candidates)
        {
            var startValue = objective.Value(map.Times(theta));
            if (!double.IsFinite(startValue)) continue; // a perturbed start that left the stable grids
            var result = objective.Steps == 1
                ? new BfgsMinimizer.Result(theta, startValue, [0.0], 0, true)
                : BfgsMinimizer.Minimize(t => objective.Value(map.Times(t)), InTheta, theta, Tolerance, MaxIterations, maxStep: 2.0);
            runs.Add(new DesignStart(kind, startValue, result.Value, result.Iterations, result.Converged, map.Times(result.X),
                result.Gradient.Max(Math.Abs) / Math.Max(Math.Abs(result.Value), 1e-300)));
        }
        var winner = runs.MinBy(r => r.FinalValue)!;
        var grid = winner.Times[0] == 0 ? TimeGrid.EndingAtData(winner.Times[1..], "optimised") : TimeGrid.Custom(winner.Times, "optimised");
        return new GridDesign(grid, objective.Prediction(winner.Times), winner, runs);
    }
}

/// <summary>
/// One optimiser run: where it started, where it ended, and the relative gradient <c>max |dJ/dtheta| / J</c> there. A run that
/// ends on the stability boundary (a step that would multiply some mode by -1) stops there, not converged, with a non-zero gradient.
/// </summary>
public sealed record DesignStart(string Start, double StartValue, double FinalValue, int Iterations, bool Converged, double[] Times, double RelativeGradient);

/// <summary>The designed grid, its predicted error, the run that found it and every run.</summary>
public sealed record GridDesign(TimeGrid Grid, double Predicted, DesignStart Winner, IReadOnlyList<DesignStart> Runs);
