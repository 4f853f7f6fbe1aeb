using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Metrics;

/// <summary>
/// The dense kernels that <see cref="FrechetDistance"/> calls, implemented with Math.NET's managed code. A native backend
/// overrides them (ScoreProbe.Neural's <c>TorchLinearAlgebra</c> runs them in libtorch's LAPACK, float64); the routes, the
/// tolerances and the formula stay in <see cref="FrechetDistance"/>, so both backends compute the same quantity the same way.
/// </summary>
/// <remarks>
/// The managed backend has no Cholesky route (<see cref="Cholesky"/> returns null), so its statistics route is the
/// eigen-decomposition route: for the small dimensions where managed code is fast enough that is the accurate choice.
/// </remarks>
public class FrechetLinearAlgebra
{
    /// <summary>Math.NET's managed implementation.</summary>
    public static FrechetLinearAlgebra Managed { get; } = new();

    /// <summary>
    /// Column means and unbiased covariance <c>(X - 1 m^T)^T (X - 1 m^T) / (n - 1)</c> of the rows of X (n x d, n &gt;= 2).
    /// </summary>
    public virtual (Vector<double> Mean, Matrix<double> Covariance) MeanAndCovariance(Matrix<double> rows)
    {
        var (mean, centred) = FrechetDistance.Centre(rows);
        return (mean, TransposeThisAndMultiply(centred, centred) / (rows.RowCount - 1));
    }

    /// <summary><c>A B</c>.</summary>
    public virtual Matrix<double> Multiply(Matrix<double> a, Matrix<double> b) => a * b;

    /// <summary><c>A^T B</c>.</summary>
    public virtual Matrix<double> TransposeThisAndMultiply(Matrix<double> a, Matrix<double> b) => a.TransposeThisAndMultiply(b);

    /// <summary><c>A B^T</c>.</summary>
    public virtual Matrix<double> TransposeAndMultiply(Matrix<double> a, Matrix<double> b) => a.TransposeAndMultiply(b);

    /// <summary>Singular values of a rectangular matrix, in any order.</summary>
    public virtual double[] SingularValues(Matrix<double> a) => a.Svd(computeVectors: false).S.ToArray();

    /// <summary>Eigenvalues of a symmetric matrix, in any order.</summary>
    public virtual double[] SymmetricEigenvalues(Matrix<double> symmetric) => SymmetricEigen.Of(symmetric).Values.ToArray();

    /// <summary>Eigenvalues and eigenvectors of a symmetric matrix: <c>(lambda, V)</c> with <c>A = V diag(lambda) V^T</c>.</summary>
    public virtual (double[] Values, Matrix<double> Vectors) SymmetricEigenvectors(Matrix<double> symmetric)
    {
        var eigen = SymmetricEigen.Of(symmetric);
        return (eigen.Values.ToArray(), eigen.Vectors);
    }

    /// <summary>The lower Cholesky factor L (<c>A = L L^T</c>) of a positive definite matrix, or null when the factorisation fails or the backend has none.</summary>
    public virtual Matrix<double>? Cholesky(Matrix<double> spd) => null;
}
