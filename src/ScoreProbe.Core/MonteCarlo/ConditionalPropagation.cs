using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.MonteCarlo;

/// <summary>
/// Exact conditional moments of the sampler given one error draw (eq. (23)–(24)): the score seen at evaluation time n is
/// <c>s_hat(x) = -(Sigma_n^{-1} + Delta_n) x + Sigma_n^{-1} m_n + delta_n</c>, the step is read off the sampler as an affine map, and
/// <c>m' = A m + a</c>, <c>Sigma' = A Sigma A^T + sigma^2 I</c>. Returns the closed-form W2^2 to the reference at the recorded steps.
/// </summary>
public static class ConditionalPropagation
{
    public static double[] W2Squared(ReverseProblem problem, ErrorDraw draw, IReadOnlyList<int> recorded)
    {
        int d = problem.Dimension;
        var slot = recorded.Select((k, r) => (k, r)).ToDictionary(x => x.k, x => x.r);
        var result = new double[recorded.Count];
        var mean = Vector<double>.Build.Dense(d);
        var cov = Matrix<double>.Build.DenseIdentity(d) * problem.PriorVariance;
        var scores = new Dictionary<int, (Matrix<double> M, Vector<double> V)>();
        foreach (var step in problem.Steps)
        {
            var map = problem.Sampler.Step(AffineMap.Identity(d), step.Context, (x, stage) =>
            {
                var n = step.Evaluations[stage];
                if (!scores.TryGetValue(n, out var score))
                {
                    var m = Matrix<double>.Build.DenseOfDiagonalArray(problem.Precision(n).ToArray());
                    if (draw.Delta[n] is { } delta) m += delta;
                    var v = Vector<double>.Build.DenseOfArray(problem.PrecisionMean(n).ToArray());
                    if (draw.Shift[n] is { } shift) v += shift;
                    scores[n] = score = (m, v);
                }
                return x.Score(score.M, score.V);
            });
            mean = map.Linear * mean + map.Offset;
            cov = map.Linear * cov.TransposeAndMultiply(map.Linear);
            for (var i = 0; i < d; i++) cov[i, i] += step.NoiseStd * step.NoiseStd;
            if (slot.TryGetValue(step.TargetIndex, out var r)) result[r] = ToReference(problem, step.TargetIndex, mean, cov);
        }
        return result;
    }

    /// <summary>
    /// <c>|m - mu_ref|^2 + B^2(diag(c_ref), Sigma)</c>, with <c>C^{1/2} Sigma C^{1/2}</c> formed by scaling rows and columns.
    /// A draw whose moments overflowed (NaN or infinity) has blown the sampler up: its W2^2 is +infinity, which the Monte Carlo
    /// summary then reports as a blow-up.
    /// </summary>
    private static double ToReference(ReverseProblem problem, int k, Vector<double> mean, Matrix<double> cov)
    {
        var (refMean, refVar) = problem.ReferenceMoments(k);
        var d = mean.Count;
        if (!mean.All(double.IsFinite) || !SymmetricEigen.IsFinite(cov)) return double.PositiveInfinity;
        var w2 = 0.0;
        for (var i = 0; i < d; i++) w2 += (mean[i] - refMean[i]) * (mean[i] - refMean[i]);
        var scaled = Matrix<double>.Build.Dense(d, d, (i, j) => Math.Sqrt(refVar[i] * refVar[j]) * 0.5 * (cov[i, j] + cov[j, i]));
        if (!SymmetricEigen.IsFinite(scaled)) return double.PositiveInfinity;
        var eig = SymmetricEigen.Of(scaled).Values;
        var bures = refVar.Sum() + cov.Trace() - 2 * eig.Sum(v => Math.Sqrt(Math.Max(v, 0)));
        return w2 + Math.Max(bures, 0);
    }
}
