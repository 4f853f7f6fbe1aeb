using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Chooses a tuning parameter (bandwidth, rank) on held-out repetitions: the R repetitions are shuffled (seeded) into
/// K = min(5, floor(R/2)) folds; each candidate's estimate from the other folds is compared with the empirical
/// covariance of the held-out fold, and the candidate with the smallest summed squared Frobenius distance wins
/// (ties: the first, i.e. the simplest, candidate). Candidates are functions of the training folds' empirical covariance. Because the held-out empirical covariance is unbiased and independent
/// of the training fit, E||Sigma_train - Sigma_test||_F^2 = E||Sigma_train - Sigma||_F^2 + const, so this minimises an
/// unbiased estimate of the Frobenius risk up to a constant.
/// </summary>
public static class HeldOutValidation
{
    public const int MinimumRepetitions = 4;

    /// <param name="samples">Repetitions as rows.</param>
    /// <param name="candidates">Parameter values to compare, simplest first.</param>
    /// <param name="fromTrainingCovariance">Maps (empirical covariance of the training folds, candidate) to that candidate's estimate.</param>
    /// <param name="seed">Seeds the fold assignment.</param>
    public static int Choose(Matrix<double> samples, IReadOnlyList<int> candidates, Func<Matrix<double>, int, Matrix<double>> fromTrainingCovariance, int seed)
    {
        var r = samples.RowCount;
        if (r < MinimumRepetitions) throw new ArgumentException($"choosing a parameter on held-out repetitions needs R >= {MinimumRepetitions} (got {r}); give the parameter explicitly.");
        if (candidates.Count == 0) throw new ArgumentException("no candidate parameters.");
        var folds = Math.Min(5, r / 2);
        var order = Enumerable.Range(0, r).ToArray();
        new Random(seed).Shuffle(order);
        var scores = new double[candidates.Count];
        for (var k = 0; k < folds; k++)
        {
            var test = order.Where((_, i) => i % folds == k).ToArray();
            var train = order.Where((_, i) => i % folds != k).ToArray();
            var heldOut = EmpiricalCovariance.Of(samples, test);
            var training = EmpiricalCovariance.Of(samples, train);
            for (var c = 0; c < candidates.Count; c++)
            {
                var gap = fromTrainingCovariance(training, candidates[c]) - heldOut;
                scores[c] += gap.FrobeniusNorm() * gap.FrobeniusNorm();
            }
        }
        var best = 0;
        for (var c = 1; c < scores.Length; c++) if (scores[c] < scores[best]) best = c;
        return candidates[best];
    }
}
