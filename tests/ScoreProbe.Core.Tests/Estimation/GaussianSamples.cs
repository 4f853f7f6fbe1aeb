using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Tests.Estimation;

/// <summary>R i.i.d. rows from N(0, Sigma) via a Cholesky factor, and the covariances used as truths.</summary>
internal static class GaussianSamples
{
    public static Matrix<double> Draw(Matrix<double> covariance, int rows, int seed)
    {
        var random = new Random(seed);
        var factor = covariance.Cholesky().Factor;
        var z = Matrix<double>.Build.Dense(rows, covariance.RowCount, (_, _) => Normal.Sample(random, 0, 1));
        return z.TransposeAndMultiply(factor);
    }

    /// <summary>rho^|a-b| (x) diag(scales^2).</summary>
    public static Matrix<double> Ar1(int times, double rho, params double[] sds) =>
        Matrix<double>.Build.Dense(times, times, (a, b) => Math.Pow(rho, Math.Abs(a - b)))
            .KroneckerProduct(Matrix<double>.Build.DenseOfDiagonalArray(sds.Select(s => s * s).ToArray()));

    /// <summary>Scalar MA(1) z_a = e_a + theta e_{a-1}: variance 1 + theta^2, lag-one covariance theta, zero beyond (bandwidth 1).</summary>
    public static Matrix<double> Ma1(int times, double theta) =>
        Matrix<double>.Build.Dense(times, times, (a, b) => a == b ? 1 + theta * theta : Math.Abs(a - b) == 1 ? theta : 0.0);

    public static double SquaredFrobenius(Matrix<double> a, Matrix<double> b) => Math.Pow((a - b).FrobeniusNorm(), 2);
}
