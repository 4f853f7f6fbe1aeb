using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.LinearAlgebra;

namespace ScoreProbe.Neural.Tests.LinearAlgebra;

public class TorchLinearAlgebraTests
{
    /// <summary>
    /// The blocked Gram product (lower blocks mirrored) equals Math.NET's full product of the centred rows, for one block,
    /// whole blocks, and a ragged last block (d = 600 = 2 x 256 + 88); the result is exactly symmetric.
    /// </summary>
    [Theory]
    [InlineData(50, 17)]
    [InlineData(700, 512)]
    [InlineData(900, 600)]
    public void Mean_and_covariance_match_the_managed_product_and_are_symmetric(int n, int d)
    {
        var random = new Random(5);
        var rows = Matrix<double>.Build.Dense(n, d, (_, j) => random.NextDouble() * (1 + j % 7) + 0.01 * j);

        var (mean, covariance) = TorchLinearAlgebra.Instance.MeanAndCovariance(rows);
        var (managedMean, managedCovariance) = FrechetLinearAlgebra.Managed.MeanAndCovariance(rows);

        Assert.True((mean - managedMean).InfinityNorm() <= 1e-14 * managedMean.InfinityNorm());
        var scale = managedCovariance.Enumerate().Max(Math.Abs);
        Assert.True((covariance - managedCovariance).Enumerate().Max(Math.Abs) <= 1e-13 * scale);
        Assert.Equal(0.0, (covariance - covariance.Transpose()).Enumerate().Max(Math.Abs));
    }
}
