using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Metrics;

/// <summary>
/// Fréchet distance between Gaussians N(mu1, S1) and N(mu2, S2), i.e. their squared 2-Wasserstein distance:
/// d^2 = ||mu1 - mu2||^2 + tr(S1 + S2 - 2 (S1^{1/2} S2 S1^{1/2})^{1/2}).
/// Both square roots are taken through symmetric eigen-decompositions with tiny negative eigenvalues clipped,
/// so the result is real (unlike scipy.linalg.sqrtm on S1 S2, which is not symmetric). FID is this quantity on
/// feature statistics.
/// </summary>
public static class FrechetDistance
{
    public static double Squared(Vector<double> mean1, Matrix<double> cov1, Vector<double> mean2, Matrix<double> cov2)
    {
        var d = mean1.Count;
        if (mean2.Count != d || cov1.RowCount != d || cov1.ColumnCount != d || cov2.RowCount != d || cov2.ColumnCount != d)
            throw new ArgumentException($"dimension mismatch: means {mean1.Count}, {mean2.Count}; covariances {cov1.RowCount}x{cov1.ColumnCount}, {cov2.RowCount}x{cov2.ColumnCount}.");
        var root1 = SymmetricEigen.SqrtPsd(cov1);
        var crossRoot = SymmetricEigen.SqrtPsd(root1 * cov2 * root1);
        var meanPart = (mean1 - mean2).DotProduct(mean1 - mean2);
        var value = meanPart + cov1.Trace() + cov2.Trace() - 2.0 * crossRoot.Trace();
        // The covariance part is >= 0 in exact arithmetic; rounding can leave about -1e-15 * trace.
        return Math.Max(value, 0.0);
    }

    /// <summary>Fréchet distance between the Gaussian fits of two feature matrices (rows = samples), unbiased (n - 1) covariances.</summary>
    public static double SquaredFromSamples(Matrix<double> features1, Matrix<double> features2)
    {
        if (features1.ColumnCount != features2.ColumnCount) throw new ArgumentException($"feature dimensions differ ({features1.ColumnCount} vs {features2.ColumnCount}).");
        var (m1, c1) = MeanAndCovariance(features1);
        var (m2, c2) = MeanAndCovariance(features2);
        return Squared(m1, c1, m2, c2);
    }

    /// <summary>Sample mean and unbiased covariance (1/(n-1)) of the rows.</summary>
    public static (Vector<double> Mean, Matrix<double> Covariance) MeanAndCovariance(Matrix<double> rows)
    {
        if (rows.RowCount < 2) throw new ArgumentException($"need at least 2 samples for a covariance (got {rows.RowCount}).");
        var mean = rows.ColumnSums() / rows.RowCount;
        var centred = rows.Clone();
        for (var r = 0; r < rows.RowCount; r++) centred.SetRow(r, rows.Row(r) - mean);
        return (mean, centred.TransposeThisAndMultiply(centred) / (rows.RowCount - 1));
    }
}
