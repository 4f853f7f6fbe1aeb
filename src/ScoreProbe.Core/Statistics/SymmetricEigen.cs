using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Statistics;

/// <summary>
/// Eigen-decomposition A = V diag(lambda) V^T of a symmetric matrix (its symmetric part (A + A^T)/2 is used),
/// eigenvalues in descending order, and the spectral functions built on it: PSD projection by clipping and the
/// PSD square root. Real arithmetic throughout, so no complex parts can leak out. This is the one place ScoreProbe
/// decomposes symmetric matrices in managed code.
/// </summary>
public sealed class SymmetricEigen
{
    private SymmetricEigen(Vector<double> values, Matrix<double> vectors)
    {
        Values = values;
        Vectors = vectors;
    }

    /// <summary>Eigenvalues, largest first.</summary>
    public Vector<double> Values { get; }

    /// <summary>Orthonormal eigenvectors as columns, in the order of <see cref="Values"/>.</summary>
    public Matrix<double> Vectors { get; }

    /// <summary>
    /// Decomposes the symmetric part of <paramref name="matrix"/>. Entries must be finite: Math.NET's solver indexes out of its
    /// arrays on NaN or infinity, so callers check their own inputs (a non-finite matrix here is a defect of the caller).
    /// </summary>
    public static SymmetricEigen Of(Matrix<double> matrix)
    {
        if (matrix.RowCount != matrix.ColumnCount) throw new ArgumentException($"need a square matrix (got {matrix.RowCount}x{matrix.ColumnCount}).");
        if (!IsFinite(matrix)) throw new ArgumentException("the matrix has a NaN or infinite entry; check the inputs before decomposing.");
        var symmetric = Symmetrize(matrix);
        var evd = symmetric.Evd(Symmetricity.Symmetric);
        var raw = evd.EigenValues.Map(c => c.Real);
        var order = Enumerable.Range(0, raw.Count).OrderByDescending(i => raw[i]).ToArray();
        var values = Vector<double>.Build.Dense(order.Length, k => raw[order[k]]);
        var vectors = Matrix<double>.Build.Dense(matrix.RowCount, order.Length, (i, k) => evd.EigenVectors[i, order[k]]);
        return new SymmetricEigen(values, vectors);
    }

    /// <summary>Whether every entry is finite (no NaN, no infinity).</summary>
    public static bool IsFinite(Matrix<double> matrix) => matrix.Enumerate(Zeros.AllowSkip).All(double.IsFinite);

    /// <summary>V diag(f(lambda)) V^T.</summary>
    public Matrix<double> Reconstruct(Func<double, double> f)
    {
        var scaled = Vectors.Clone();
        for (var k = 0; k < Values.Count; k++) scaled.SetColumn(k, Vectors.Column(k) * f(Values[k]));
        return Symmetrize(scaled.TransposeAndMultiply(Vectors));
    }

    /// <summary>(A + A^T) / 2.</summary>
    public static Matrix<double> Symmetrize(Matrix<double> matrix) => (matrix + matrix.Transpose()) * 0.5;

    /// <summary>Nearest PSD matrix in Frobenius norm: eigenvalues below zero set to zero.</summary>
    public static Matrix<double> ProjectPsd(Matrix<double> matrix) => Of(matrix).Reconstruct(v => Math.Max(v, 0.0));

    /// <summary>The PSD square root; eigenvalues that rounding pushed slightly below zero are clipped to zero.</summary>
    public static Matrix<double> SqrtPsd(Matrix<double> matrix) => Of(matrix).Reconstruct(v => Math.Sqrt(Math.Max(v, 0.0)));
}
