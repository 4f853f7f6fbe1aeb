using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Metrics;

/// <summary>
/// The squared 2-Wasserstein (Fréchet) distance between Gaussians, paper 000 eq. (8) and seed 004 §7.1 (FID is this
/// quantity on feature statistics):
/// <code>
/// d^2 = |mu1 - mu2|^2 + B^2(S1, S2),   B^2(S1, S2) = tr S1 + tr S2 - 2 tr (S1^1/2 S2 S1^1/2)^1/2   (eq. (9)).
/// </code>
/// The cross term <c>t = tr (S1^1/2 S2 S1^1/2)^1/2</c> is the sum of square roots of the eigenvalues of <c>S1 S2</c>, computed by
/// one of three routes, all in real arithmetic (unlike scipy.linalg.sqrtm of S1 S2, which is not symmetric):
/// <list type="bullet">
/// <item>from samples with fewer rows than columns: with centred feature matrices A (n1 x d), B (n2 x d),
/// <c>S1 S2 = A^T A B^T B / ((n1-1)(n2-1))</c> has the nonzero eigenvalues of <c>(A B^T)(A B^T)^T / ((n1-1)(n2-1))</c>, so
/// <c>t = ||A B^T||_* / sqrt((n1-1)(n2-1))</c>, the nuclear norm of an n1 x n2 matrix; rank-deficient covariances are exact here;</item>
/// <item>from statistics, both covariances positive definite: <c>S1 = L1 L1^T</c>, <c>S2 = L2 L2^T</c> (Cholesky), and
/// <c>S1 S2</c> is similar to <c>K K^T</c> with <c>K = L1^T L2</c>, so <c>t = sum of the singular values of K</c>;</item>
/// <item>otherwise the eigenvalues of <c>F^T S2 F</c> for a factor <c>S1 = F F^T</c> (a Cholesky factor of one covariance, or
/// <c>F = V_r diag(lambda_r)^1/2</c> from its eigen-decomposition), with eigenvalues below the numerical-rank tolerance
/// <c>size * eps * max |lambda|</c> taken as zero, since rounding alone produces them.</item>
/// </list>
/// Identical inputs give exactly 0. The linear algebra runs on a <see cref="FrechetLinearAlgebra"/> backend (managed by
/// default); the result is the same quantity on every backend.
/// </summary>
public static class FrechetDistance
{
    /// <summary><c>|mu1 - mu2|^2 + B^2(S1, S2)</c> from means and covariances.</summary>
    public static double Squared(Vector<double> mean1, Matrix<double> cov1, Vector<double> mean2, Matrix<double> cov2, FrechetLinearAlgebra? algebra = null)
    {
        var d = mean1.Count;
        if (mean2.Count != d || cov1.RowCount != d || cov1.ColumnCount != d || cov2.RowCount != d || cov2.ColumnCount != d)
            throw new ArgumentException($"dimension mismatch: means {mean1.Count}, {mean2.Count}; covariances {cov1.RowCount}x{cov1.ColumnCount}, {cov2.RowCount}x{cov2.ColumnCount}.");
        if (mean1.Equals(mean2) && cov1.Equals(cov2)) return 0;
        return SquaredNorm(mean1 - mean2) + Bures(cov1, cov2, algebra);
    }

    /// <summary>The covariance part <c>B^2(S1, S2)</c> (eq. (9)), clipped at 0 (rounding can leave about -1e-15 tr).</summary>
    public static double Bures(Matrix<double> cov1, Matrix<double> cov2, FrechetLinearAlgebra? algebra = null)
    {
        if (cov1.Equals(cov2)) return 0;
        return Math.Max(0.0, cov1.Trace() + cov2.Trace() - 2 * TraceOfRoot(cov1, cov2, algebra ?? FrechetLinearAlgebra.Managed));
    }

    /// <summary>Commuting covariances, both diagonal in one basis: <c>sum (m_i - m'_i)^2 + sum (sqrt c_i - sqrt s_i)^2</c>.</summary>
    public static double SquaredDiagonal(ReadOnlySpan<double> m1, ReadOnlySpan<double> c1, ReadOnlySpan<double> m2, ReadOnlySpan<double> c2)
    {
        var sum = 0.0;
        for (var i = 0; i < m1.Length; i++)
        {
            var dm = m1[i] - m2[i];
            var ds = Math.Sqrt(c1[i]) - Math.Sqrt(c2[i]);
            sum += dm * dm + ds * ds;
        }
        return sum;
    }

    /// <summary>
    /// Fréchet distance between the Gaussian fits (means, unbiased (n - 1) covariances) of two feature matrices, rows = samples.
    /// With fewer samples than features in either set it takes the n1 x n2 route, which never forms a d x d matrix.
    /// </summary>
    public static double SquaredFromSamples(Matrix<double> features1, Matrix<double> features2, FrechetLinearAlgebra? algebra = null)
    {
        if (features1.ColumnCount != features2.ColumnCount) throw new ArgumentException($"feature dimensions differ ({features1.ColumnCount} vs {features2.ColumnCount}).");
        algebra ??= FrechetLinearAlgebra.Managed;
        if (features1.Equals(features2)) return 0;
        double n1 = features1.RowCount, n2 = features2.RowCount;
        if (Math.Min(n1, n2) >= features1.ColumnCount)
        {
            var (m1, c1) = MeanAndCovariance(features1, algebra);
            var (m2, c2) = MeanAndCovariance(features2, algebra);
            return Squared(m1, c1, m2, c2, algebra);
        }
        var (mean1, centred1) = Centre(features1);
        var (mean2, centred2) = Centre(features2);
        var nuclear = algebra.SingularValues(algebra.TransposeAndMultiply(centred1, centred2)).Sum();
        var traces = SquaredFrobenius(centred1) / (n1 - 1) + SquaredFrobenius(centred2) / (n2 - 1);
        return SquaredNorm(mean1 - mean2) + Math.Max(0.0, traces - 2 * nuclear / Math.Sqrt((n1 - 1) * (n2 - 1)));
    }

    /// <summary>Sample mean and unbiased covariance (1/(n-1)) of the rows.</summary>
    public static (Vector<double> Mean, Matrix<double> Covariance) MeanAndCovariance(Matrix<double> rows, FrechetLinearAlgebra? algebra = null)
    {
        RequireTwoSamples(rows);
        return (algebra ?? FrechetLinearAlgebra.Managed).MeanAndCovariance(rows);
    }

    /// <summary><c>tr (S1^1/2 S2 S1^1/2)^1/2</c> by the Cholesky-SVD route or the factor-eigenvalue route (class remarks).</summary>
    private static double TraceOfRoot(Matrix<double> cov1, Matrix<double> cov2, FrechetLinearAlgebra algebra)
    {
        var l1 = WellConditionedCholesky(cov1, algebra);
        var l2 = l1 is null ? null : WellConditionedCholesky(cov2, algebra);
        if (l1 is not null && l2 is not null) return algebra.SingularValues(algebra.TransposeThisAndMultiply(l1, l2)).Sum();
        var factor = l1 ?? Factor(cov1, algebra);
        return SumOfRoots(algebra.SymmetricEigenvalues(algebra.TransposeThisAndMultiply(factor, algebra.Multiply(cov2, factor))));
    }

    /// <summary>
    /// The Cholesky factor when every pivot <c>L_kk^2</c> exceeds the numerical-rank tolerance of the largest: each pivot
    /// bounds the smallest eigenvalue from above, so a tiny one marks a covariance that rounding cannot tell from a singular one.
    /// </summary>
    private static Matrix<double>? WellConditionedCholesky(Matrix<double> cov, FrechetLinearAlgebra algebra)
    {
        if (algebra.Cholesky(cov) is not { } l) return null;
        var pivots = l.Diagonal().PointwisePower(2);
        return pivots.Minimum() > RankTolerance(pivots.Count, pivots.Maximum()) ? l : null;
    }

    /// <summary><c>F = V_r diag(lambda_r)^1/2</c> over the eigenvalues above the numerical-rank tolerance: <c>S = F F^T</c>, F is d x r.</summary>
    private static Matrix<double> Factor(Matrix<double> cov, FrechetLinearAlgebra algebra)
    {
        var (values, vectors) = algebra.SymmetricEigenvectors(cov);
        var tolerance = RankTolerance(values.Length, values.Max(Math.Abs));
        var kept = Enumerable.Range(0, values.Length).Where(k => values[k] > tolerance).ToArray();
        return Matrix<double>.Build.Dense(cov.RowCount, Math.Max(kept.Length, 1), (i, r) => kept.Length == 0 ? 0 : vectors[i, kept[r]] * Math.Sqrt(values[kept[r]]));
    }

    /// <summary><c>sum sqrt(lambda)</c> over the eigenvalues of a PSD matrix above its numerical-rank tolerance.</summary>
    private static double SumOfRoots(double[] eigenvalues)
    {
        var tolerance = RankTolerance(eigenvalues.Length, eigenvalues.Length == 0 ? 0 : eigenvalues.Max(Math.Abs));
        return eigenvalues.Where(v => v > tolerance).Sum(Math.Sqrt);
    }

    /// <summary>numpy's matrix_rank tolerance: <c>size * eps * largest magnitude</c>.</summary>
    private static double RankTolerance(int size, double largest) => size * MachineEpsilon * largest;

    /// <summary>2^-52, the spacing of doubles at 1.</summary>
    private const double MachineEpsilon = 2.220446049250313e-16;

    /// <summary>Column means and the rows minus them (a copy).</summary>
    internal static (Vector<double> Mean, Matrix<double> Centred) Centre(Matrix<double> rows)
    {
        RequireTwoSamples(rows);
        var mean = rows.ColumnSums() / rows.RowCount;
        var centred = Matrix<double>.Build.DenseOfMatrix(rows);
        var storage = centred.AsColumnMajorArray();
        for (var j = 0; j < rows.ColumnCount; j++)
        {
            var column = storage.AsSpan(j * rows.RowCount, rows.RowCount);
            for (var i = 0; i < column.Length; i++) column[i] -= mean[j];
        }
        return (mean, centred);
    }

    private static void RequireTwoSamples(Matrix<double> rows)
    {
        if (rows.RowCount < 2) throw new ArgumentException($"need at least 2 samples for a covariance (got {rows.RowCount}).");
    }

    private static double SquaredNorm(Vector<double> v) => v.DotProduct(v);

    private static double SquaredFrobenius(Matrix<double> m)
    {
        var sum = 0.0;
        foreach (var v in m.AsColumnMajorArray()) sum += v * v;
        return sum;
    }
}
