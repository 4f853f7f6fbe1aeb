using ScoreProbe.Core.Metrics;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Core.Kernel;

/// <summary>
/// Theorem 5.1 without its centring condition (14): the score error is a deterministic mean trajectory (a trained network's
/// systematic error) plus an optional zero-mean fluctuation (an <see cref="IScoreErrorModel"/>, e.g. the spread across an
/// ensemble of seeds). Write the error as <c>mean + Z</c> and expand <c>F = W2^2(ref, q_k)</c> to second order:
/// <c>E F = F* + DF[mean] + 1/2 D^2F[mean, mean] + 1/2 E D^2F[Z, Z] + O(eps^3)</c>, the cross term <c>E D^2F[mean, Z]</c> vanishing
/// because <c>E Z = 0</c>. <c>DF[mean] = &lt;grad F*, y1&gt;</c> and <c>1/2 D^2F[mean, mean] = 1/2 &lt;y1, Hess F y1&gt; + &lt;grad F*, y2&gt;</c> come from
/// one Taylor-2 propagation along the mean (<see cref="DirectionalKernelEngine.AlongDirection"/>); the fluctuation is the centred
/// kernel of the existing engines. With delta errors only the mean is affine in the error and the covariance untouched, so the
/// expansion is exact.
/// </summary>
public static class NonCentredKernelExpansion
{
    /// <param name="problem">Target, schedule, grid and sampler.</param>
    /// <param name="mean">The mean error at every evaluation time (original basis).</param>
    /// <param name="fluctuation">The zero-mean part, or null for a deterministic error.</param>
    /// <param name="recorded">Grid indices to report, ascending.</param>
    /// <param name="path">Engine for the fluctuation's kernel.</param>
    public static NonCentredKernelRow[] Predict(ReverseProblem problem, ErrorTrajectory mean, IScoreErrorModel? fluctuation, IReadOnlyList<int> recorded,
        KernelPath path = KernelPath.Auto)
    {
        if (mean.Count != problem.EvaluationTimes.Count)
            throw new InvalidConfigurationException($"the mean error covers {mean.Count} evaluation times but the sampler uses {problem.EvaluationTimes.Count}");
        if (fluctuation is not null && (fluctuation.Dimension != problem.Dimension || fluctuation.Times != problem.EvaluationTimes.Count))
            throw new InvalidConfigurationException($"the fluctuation model covers d = {fluctuation.Dimension} and {fluctuation.Times} times; the problem has d = {problem.Dimension} and {problem.EvaluationTimes.Count}");
        var rotated = mean.InEigenbasis(problem.Target.Eigenvectors);
        var along = DirectionalKernelEngine.AlongDirection(problem, n => rotated[n], recorded);
        var centred = fluctuation is null ? new KernelTerms[recorded.Count] : Centred(problem, fluctuation, recorded, path);
        var e0 = ContinuousReverseReference.E0(problem, recorded);
        return recorded.Select((k, r) =>
        {
            var (refMean, refVar) = problem.ReferenceMoments(k);
            var exact = FrechetDistance.SquaredDiagonal(refMean, refVar, problem.Exact.Mean[k], problem.Exact.Variance[k]);
            return new NonCentredKernelRow(k, problem.Grid[k], e0[r], exact - e0[r], along[r].First, along[r].Second, centred[r]);
        }).ToArray();
    }

    private static KernelTerms[] Centred(ReverseProblem problem, IScoreErrorModel fluctuation, IReadOnlyList<int> recorded, KernelPath path)
    {
        var modes = path != KernelPath.Directional && IsotropicModeKernelEngine.Supports(problem, fluctuation);
        if (path == KernelPath.Modes && !modes)
            throw new InvalidConfigurationException("the per-mode engine needs isotropic errors and a single-stage sampler; use the directional engine");
        return modes
            ? IsotropicModeKernelEngine.Compute(problem, (ScoreErrorModel)fluctuation, recorded)
            : DirectionalKernelEngine.Compute(problem, fluctuation, recorded);
    }
}
