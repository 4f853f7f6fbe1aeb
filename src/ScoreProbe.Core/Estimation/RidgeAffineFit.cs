using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Ridge least-squares projection of a residual field onto affine maps (paper 000 §7):
/// (Delta_hat, delta_hat) = argmin (1/B) sum_j ||R_j + Delta X_j - delta||^2 + lambda ||Delta||_F^2.
/// delta is unpenalised, so delta = Rbar + Delta Xbar, and with centred moments
/// C_xx = (1/B) sum (X_j - Xbar)(X_j - Xbar)^T, C_rx = (1/B) sum (R_j - Rbar)(X_j - Xbar)^T the minimiser is
/// Delta = -C_rx (C_xx + lambda I)^{-1}; restricted to diagonal Delta, Delta_ii = -(C_rx)_ii / ((C_xx)_ii + lambda).
/// </summary>
public static class RidgeAffineFit
{
    /// <param name="states">X_j as rows (B x d).</param>
    /// <param name="residuals">R_j as rows (B x d).</param>
    /// <param name="ridge">lambda &gt;= 0; 0 needs C_xx invertible (B &gt; d for full Delta).</param>
    /// <param name="diagonalDelta">Restrict Delta to a diagonal matrix.</param>
    public static AffineCoefficients Fit(Matrix<double> states, Matrix<double> residuals, double ridge, bool diagonalDelta)
    {
        Guard.NonNegative("ridge", ridge);
        if (states.RowCount != residuals.RowCount || states.ColumnCount != residuals.ColumnCount)
            throw new ArgumentException($"states {states.RowCount}x{states.ColumnCount} and residuals {residuals.RowCount}x{residuals.ColumnCount} differ in shape.");
        var b = states.RowCount;
        var d = states.ColumnCount;
        var xbar = states.ColumnSums() / b;
        var rbar = residuals.ColumnSums() / b;
        var xc = states - Matrix<double>.Build.Dense(b, d, (_, i) => xbar[i]);
        var rc = residuals - Matrix<double>.Build.Dense(b, d, (_, i) => rbar[i]);
        Matrix<double> delta;
        if (diagonalDelta)
        {
            var variances = Enumerable.Range(0, d).Select(i => xc.Column(i).DotProduct(xc.Column(i)) / b + ridge).ToArray();
            if (variances.Any(v => !(v > 0)))
                throw new InvalidConfigurationException("ridge", "is 0 but a state coordinate is constant across a batch, so Delta_ii is not identifiable; pass a ridge > 0");
            delta = Matrix<double>.Build.Diagonal(d, d, i => -xc.Column(i).DotProduct(rc.Column(i)) / b / variances[i]);
        }
        else
        {
            var cxx = xc.TransposeThisAndMultiply(xc) / b + Matrix<double>.Build.DenseIdentity(d) * ridge;
            var crx = rc.TransposeThisAndMultiply(xc) / b;
            // Delta = -C_rx C_xx^{-1}  <=>  C_xx Delta^T = -C_rx^T (C_xx symmetric).
            delta = -Cholesky(cxx).Solve(crx.Transpose()).Transpose();
        }
        return new AffineCoefficients(delta, rbar + delta * xbar);
    }

    /// <summary>A squared pivot below this fraction of its diagonal entry of C_xx + lambda I is rounding noise: the matrix is singular.</summary>
    private const double SingularPivot = 1e-12;

    /// <summary>
    /// The Cholesky factor of C_xx + lambda I. Collinear states make it singular: Math.NET throws ArgumentException when a
    /// pivot comes out &lt;= 0 (the user's data, not a defect), and rounding can instead leave a pivot of order 1e-16.
    /// </summary>
    private static MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> Cholesky(Matrix<double> cxx)
    {
        if (!cxx.Enumerate().All(double.IsFinite))
            throw new InvalidConfigurationException("residuals", "give a non-finite state moment C_xx (states too large for double precision); rescale the states");
        var singular = new InvalidConfigurationException("ridge",
            "leaves the state moment C_xx + ridge I singular (the states of a batch are collinear); pass a ridge > 0 or fit a diagonal Delta");
        MathNet.Numerics.LinearAlgebra.Factorization.Cholesky<double> factor;
        try
        {
            factor = cxx.Cholesky();
        }
        catch (ArgumentException)
        {
            throw singular;
        }
        // L_ii^2 / C_ii = 1 - R^2 of coordinate i regressed on the earlier ones: scale-free, near 0 only for collinear states.
        var pivots = factor.Factor.Diagonal();
        for (var i = 0; i < pivots.Count; i++)
            if (pivots[i] * pivots[i] <= SingularPivot * cxx[i, i]) throw singular;
        return factor;
    }
}
