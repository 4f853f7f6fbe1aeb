using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Problems;

namespace ScoreProbe.Core.Design;

/// <summary>
/// One grid judged at the final step by the kernel engines and by measurement: the prediction E0 + Edisc + Q and the measured
/// <c>E W2^2</c>, exact for the exact score (eps = 0: it is E0 + Edisc) and Monte Carlo of the exact conditional propagation
/// with its 95% interval under score errors. Null parts mark a grid with an unstable step.
/// </summary>
public sealed record GridEvaluation(string Kind, TimeGrid Grid, KernelRow? Row, MonteCarloEstimate? Measured, int EvaluationTimes)
{
    public bool Stable => Row is not null;
    public double Predicted => Row?.Predicted ?? double.PositiveInfinity;

    /// <summary>The measured value (the Monte Carlo mean, or the exact value without errors); +inf when unstable.</summary>
    public double MeasuredValue => Measured?.Mean ?? double.PositiveInfinity;

    /// <param name="spec">Target, schedule, sampler and error model (its grid settings are ignored).</param>
    /// <param name="kind">Name of the grid in records.</param>
    /// <param name="grid">The grid.</param>
    /// <param name="draws">Monte Carlo draws under errors.</param>
    /// <param name="seed">Monte Carlo seed.</param>
    /// <param name="isUnstable">Whether the exact-score sampler has an unstable step on the grid (then nothing is computed).</param>
    public static GridEvaluation Run(GaussianProblemSpec spec, string kind, TimeGrid grid, int draws, int seed, bool isUnstable)
    {
        if (isUnstable) return new GridEvaluation(kind, grid, null, null, 0);
        var problem = spec.Problem(grid);
        var errors = spec.Errors(problem);
        var row = KernelExpansion.Predict(problem, errors, [0])[0];
        var measured = spec.Eps == 0
            ? new MonteCarloEstimate(row.E0 + row.EDisc, 0, 0)
            : MonteCarloReference.Run(problem, errors, [0], draws, seed)[0];
        return new GridEvaluation(kind, grid, row, measured, problem.EvaluationTimes.Count);
    }
}
