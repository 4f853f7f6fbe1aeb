using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Targets;

public class GaussianTargetTests
{
    /// <summary>
    /// A covariance of [[1e300, 0], [0, 1e-300]] reached the Monte Carlo eigen-decomposition as infinities (issue 14); products
    /// of two variances overflow there, so the target is refused with the range and the fix.
    /// </summary>
    [Theory]
    [InlineData(1e300, 1e-300)]
    [InlineData(1e101, 1.0)]
    [InlineData(1.0, 1e-101)]
    public void Variances_outside_the_double_precision_range_are_refused_with_the_fix(double c1, double c2)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() =>
            new GaussianTarget(Vector<double>.Build.Dense(2), Matrix<double>.Build.DenseOfDiagonalArray([c1, c2])));
        Assert.Equal("target", e.Parameter);
        Assert.Contains("rescale", e.Message);
    }

    [Fact]
    public void Eigenbasis_of_a_general_covariance_is_ascending_and_reconstructs_it()
    {
        var c = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.6 }, { 0.6, 0.5 } });
        var target = new GaussianTarget(Vector<double>.Build.Dense(2), c);

        Assert.True(target.Eigenvalues[0] < target.Eigenvalues[1]);
        var q = target.Eigenvectors;
        Assert.Equal(0.0, (q * Matrix<double>.Build.DenseOfDiagonalVector(target.Eigenvalues) * q.Transpose() - c).FrobeniusNorm(), 12);
    }
}
