using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Metrics;

namespace ScoreProbe.Core.Tests.Geometry;

public class BuresTests
{
    private static Matrix<double> RandomSpd(int d, int seed)
    {
        var rng = new Random(seed);
        var a = Matrix<double>.Build.Dense(d, d, (_, _) => rng.NextDouble() - 0.5);
        return a * a.Transpose() + 0.3 * Matrix<double>.Build.DenseIdentity(d);
    }

    private static Matrix<double> RandomSymmetric(int d, int seed)
    {
        var rng = new Random(seed);
        var a = Matrix<double>.Build.Dense(d, d, (_, _) => rng.NextDouble() - 0.5);
        return a + a.Transpose();
    }

    [Fact]
    public void OneDimensionalW2IsTheClosedForm()
    {
        var w2 = FrechetDistance.Squared(Vector<double>.Build.Dense([1.0]), Matrix<double>.Build.Dense(1, 1, 4.0),
            Vector<double>.Build.Dense([-0.5]), Matrix<double>.Build.Dense(1, 1, 0.25));
        Assert.Equal(1.5 * 1.5 + (2 - 0.5) * (2 - 0.5), w2, 12);
    }

    [Fact]
    public void TwoByTwoNonCommutingMatchesTheTraceDeterminantFormula()
    {
        // In 2-D: tr (S1^{1/2} S2 S1^{1/2})^{1/2} = sqrt(tr(S1 S2) + 2 sqrt(det(S1 S2))).
        var s1 = Matrix<double>.Build.DenseOfArray(new[,] { { 2.0, 0.7 }, { 0.7, 1.0 } });
        var s2 = Matrix<double>.Build.DenseOfArray(new[,] { { 0.5, -0.2 }, { -0.2, 3.0 } });
        var expected = s1.Trace() + s2.Trace() - 2 * Math.Sqrt((s1 * s2).Trace() + 2 * Math.Sqrt((s1 * s2).Determinant()));
        Assert.Equal(expected, FrechetDistance.Bures(s1, s2), 12);
        Assert.Equal(expected, FrechetDistance.Bures(s2, s1), 12);
    }

    [Fact]
    public void CommutingFastPathEqualsGeneralPath()
    {
        double[] c = [3.0, 1.0, 0.2], s = [2.0, 1.5, 0.1];
        var fast = new CommutingBures(c, s);
        var general = new BuresGeometry(Matrix<double>.Build.DenseOfDiagonalArray(c), Matrix<double>.Build.DenseOfDiagonalArray(s));
        Assert.Equal(general.Value, fast.Value, 12);
        var u = RandomSymmetric(3, 5);
        var fastHessian = 0.0;
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(general.Gradient[i, i], fast.Gradient(i), 12);
            for (var j = 0; j < 3; j++) fastHessian += fast.Weight(i, j) * u[i, j] * u[i, j];
        }
        Assert.Equal(general.Hessian(u, u), fastHessian, 10);
    }

    [Theory]
    [InlineData(2, 1)]
    [InlineData(4, 2)]
    [InlineData(6, 3)]
    public void GradientAndHessianMatchFiniteDifferences(int d, int seed)
    {
        var c = RandomSpd(d, seed);
        var s = RandomSpd(d, seed + 100);
        var u = RandomSymmetric(d, seed + 200);
        var v = RandomSymmetric(d, seed + 300);
        var geometry = new BuresGeometry(c, s);
        double F(double a, double b) => FrechetDistance.Bures(c, s + a * u + b * v);
        const double h = 1e-4;
        var directional = (F(h, 0) - F(-h, 0)) / (2 * h);
        Assert.Equal(directional, (geometry.Gradient.PointwiseMultiply(u)).RowSums().Sum(), 1e-6);
        var mixed = (F(h, h) - F(h, -h) - F(-h, h) + F(-h, -h)) / (4 * h * h);
        Assert.Equal(mixed, geometry.Hessian(u, v), 1e-4 * Math.Max(1, Math.Abs(mixed)));
        var second = (F(h, 0) - 2 * F(0, 0) + F(-h, 0)) / (h * h);
        Assert.Equal(second, geometry.Hessian(u, u), 1e-4 * Math.Max(1, Math.Abs(second)));
    }

    [Fact]
    public void OneDimensionalHessianIsHalfSqrtCTimesSToMinusThreeHalves()
    {
        double c = 2.5, s = 0.7;
        var w = new CommutingBures([c], [s]).Weight(0, 0);
        Assert.Equal(0.5 * Math.Sqrt(c) * Math.Pow(s, -1.5), w, 12);
    }
}
