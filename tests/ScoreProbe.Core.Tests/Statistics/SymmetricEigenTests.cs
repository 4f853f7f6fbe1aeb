using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Tests.Statistics;

public class SymmetricEigenTests
{
    [Fact]
    public void Decomposition_reconstructs_the_matrix_with_descending_eigenvalues()
    {
        // [[2, 1], [1, 2]] has eigenvalues 3 and 1 with eigenvectors (1, 1)/sqrt 2 and (1, -1)/sqrt 2.
        var a = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 1.0 }, { 1.0, 2.0 } });
        var eigen = SymmetricEigen.Of(a);

        Assert.Equal([3.0, 1.0], eigen.Values.Select(v => Math.Round(v, 12)));
        Assert.Equal(0.0, (eigen.Reconstruct(v => v) - a).FrobeniusNorm(), 12);
        Assert.Equal(0.0, (SymmetricEigen.SqrtPsd(a) * SymmetricEigen.SqrtPsd(a) - a).FrobeniusNorm(), 12);
    }

    /// <summary>Math.NET's solver indexed out of its arrays on NaN or infinity (the IndexOutOfRange of issue 14); the helper names the cause instead.</summary>
    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Non_finite_entries_are_named_instead_of_crashing_the_solver(double bad)
    {
        var a = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, bad }, { bad, 1.0 } });

        var e = Assert.Throws<ArgumentException>(() => SymmetricEigen.Of(a));
        Assert.Contains("NaN or infinite", e.Message);
        Assert.False(SymmetricEigen.IsFinite(a));
    }
}
