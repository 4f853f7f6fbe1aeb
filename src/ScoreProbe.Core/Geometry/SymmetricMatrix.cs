using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Geometry;

/// <summary>Functions of symmetric matrices through the symmetric eigendecomposition, so results stay real and symmetric.</summary>
public static class SymmetricMatrix
{
    /// <summary>Symmetric part <c>(M + M^T)/2</c>.</summary>
    public static Matrix<double> Symmetrize(Matrix<double> m) => 0.5 * (m + m.Transpose());

    /// <summary>Eigenvalues (clipped at zero when <paramref name="clipNegative"/>) and eigenvectors of the symmetric part.</summary>
    public static (Vector<double> Values, Matrix<double> Vectors) Eigen(Matrix<double> m, bool clipNegative = false)
    {
        var evd = Symmetrize(m).Evd(Symmetricity.Symmetric);
        var values = evd.EigenValues.Real();
        if (clipNegative) values = values.Map(v => Math.Max(v, 0.0));
        return (values, evd.EigenVectors);
    }

    /// <summary><c>f(M) = V diag(f(lambda)) V^T</c> for symmetric M.</summary>
    public static Matrix<double> Apply(Matrix<double> m, Func<double, double> f, bool clipNegative = true)
    {
        var (values, vectors) = Eigen(m, clipNegative);
        return Reconstruct(vectors, values.Map(f));
    }

    /// <summary>Principal square root of a PSD matrix; tiny negative eigenvalues from round-off are clipped to zero.</summary>
    public static Matrix<double> Sqrt(Matrix<double> m) => Apply(m, Math.Sqrt);

    public static Matrix<double> Reconstruct(Matrix<double> vectors, Vector<double> values) =>
        vectors * Matrix<double>.Build.DenseOfDiagonalVector(values) * vectors.Transpose();
}
