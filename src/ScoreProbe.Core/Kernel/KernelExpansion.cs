using ScoreProbe.Core.Validation;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Core.Kernel;

/// <summary>
/// Theorem 5.1 end to end: for a <see cref="ReverseProblem"/> and a <see cref="ScoreErrorModel"/>, the expected W2^2 at each
/// recorded step as E0 + Edisc + Q, with the paper's kernel, the complete second-order kernel and the diagonal-in-time one.
/// </summary>
public static class KernelExpansion
{
    public static KernelRow[] Predict(ReverseProblem problem, IScoreErrorModel errors, IReadOnlyList<int> recorded, KernelPath path = KernelPath.Auto)
    {
        if (errors.Dimension != problem.Dimension)
            throw new InvalidConfigurationException($"error model has dimension {errors.Dimension} but the target has {problem.Dimension}");
        if (errors.Times != problem.EvaluationTimes.Count)
            throw new InvalidConfigurationException($"error model covers {errors.Times} evaluation times but the sampler uses {problem.EvaluationTimes.Count}");
        var useModes = path switch
        {
            KernelPath.Modes => IsotropicModeKernelEngine.Supports(problem, errors)
                ? true
                : throw new InvalidConfigurationException("the per-mode engine needs isotropic errors and a single-stage sampler; use the directional engine"),
            KernelPath.Directional => false,
            _ => IsotropicModeKernelEngine.Supports(problem, errors),
        };
        var (terms, diagonal) = useModes
            ? IsotropicModeKernelEngine.ComputeWithDiagonal(problem, (ScoreErrorModel)errors, recorded)
            : (DirectionalKernelEngine.Compute(problem, errors, recorded), DirectionalKernelEngine.Compute(problem, errors.DiagonalInTime(), recorded));
        var e0 = ContinuousReverseReference.E0(problem, recorded);
        return recorded.Select((k, r) =>
        {
            var (refMean, refVar) = problem.ReferenceMoments(k);
            var exact = FrechetDistance.SquaredDiagonal(refMean, refVar, problem.Exact.Mean[k], problem.Exact.Variance[k]);
            return new KernelRow(k, problem.Grid[k], e0[r], exact - e0[r], terms[r], diagonal[r].Complete);
        }).ToArray();
    }

    /// <summary>Grid indices for a curve of about <paramref name="points"/> points, always including the final step k = 0.</summary>
    public static int[] CurveIndices(int steps, int points)
    {
        Guard.AtLeast("curve-points", points, 1);
        if (points > steps) return Enumerable.Range(0, steps).ToArray();
        return Enumerable.Range(0, points).Select(r => (int)Math.Round((double)r * (steps - 1) / Math.Max(points - 1, 1))).Distinct().ToArray();
    }
}
