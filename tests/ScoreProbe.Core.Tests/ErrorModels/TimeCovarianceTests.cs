using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Core.Tests.ErrorModels;

public class TimeCovarianceTests
{
    public static TheoryData<string> Kernels() => new("independent", "shared", "ar1", "ou", "banded", "lowrank");

    private static TimeCovariance Create(string name, int m) => name switch
    {
        "independent" => TimeCovariances.Independent(m),
        "shared" => TimeCovariances.Shared(m),
        "ar1" => TimeCovariances.Ar1(m, -0.6),
        "ou" => TimeCovariances.OrnsteinUhlenbeck(Enumerable.Range(0, m).Select(n => 1.0 - n * n / 100.0).ToArray(), 0.3),
        "banded" => TimeCovariances.Banded(m, 2),
        _ => TimeCovariances.LowRank([Enumerable.Range(0, m).Select(n => Math.Cos(n)).ToArray(), Enumerable.Range(0, m).Select(n => 0.1 * n).ToArray()]),
    };

    [Fact]
    public void Ar1HasRhoToTheLag()
    {
        var k = TimeCovariances.Ar1(6, 0.7);
        for (var a = 0; a < 6; a++)
        for (var b = 0; b < 6; b++)
            Assert.Equal(Math.Pow(0.7, Math.Abs(a - b)), k[a, b], 14);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void FactorColumnsReproduceTheCovariance(string name)
    {
        var k = Create(name, 7);
        var columns = k.FactorColumns().ToArray();
        var f = Matrix<double>.Build.Dense(7, columns.Length, (n, l) => columns[l][n]);
        Assert.True((f * f.Transpose() - k.Dense()).InfinityNorm() < 1e-12);
    }

    [Theory]
    [MemberData(nameof(Kernels))]
    public void SamplesHaveTheStatedCovariance(string name)
    {
        // Monte Carlo: each entry of the sample covariance lies within 5 standard errors of k(a, b).
        var k = Create(name, 5);
        var rng = new Random(8);
        const int n = 20000;
        var sum = Matrix<double>.Build.Dense(5, 5);
        for (var i = 0; i < n; i++)
        {
            var z = Vector<double>.Build.DenseOfArray(k.Sample(rng));
            sum += z.OuterProduct(z);
        }
        var estimate = sum / n;
        for (var a = 0; a < 5; a++)
        for (var b = 0; b < 5; b++)
        {
            var se = Math.Sqrt((k[a, a] * k[b, b] + k[a, b] * k[a, b]) / n);
            Assert.InRange(estimate[a, b], k[a, b] - 5 * se - 1e-12, k[a, b] + 5 * se + 1e-12);
        }
    }

    [Fact]
    public void NonPsdMatrixIsRejectedWithTheFix()
    {
        var bad = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } });
        var e = Assert.Throws<InvalidConfigurationException>(() => TimeCovariances.FromDense("user", bad));
        Assert.Contains("positive semidefinite", e.Message);
    }

    [Fact]
    public void RhoOutsideTheUnitIntervalIsRejected() =>
        Assert.Throws<InvalidConfigurationException>(() => TimeCovariances.Ar1(4, 1.5));

    [Fact]
    public void DefaultSpatialStructureHasMarginalSizeEpsSquared()
    {
        foreach (var parts in new[] { ErrorParts.Shift, ErrorParts.Matrix, ErrorParts.Both })
        {
            var model = ScoreErrorModelCatalog.Create("ar1", 5, Enumerable.Range(0, 9).Select(n => 1.0 - 0.1 * n).ToArray(), 0.5, 0.3, parts);
            Assert.Equal(0.09, model.MarginalMagnitude(4), 1e-14);
        }
    }

    [Fact]
    public void OrnsteinUhlenbeckPhiDerivativeMatchesFiniteDifferences()
    {
        // Descending evaluation times, as a sampler uses them; moving t_n changes Phi_n and Phi_(n+1) only.
        var times = new[] { 1.0, 0.83, 0.61, 0.47, 0.2, 0.05 };
        const double ell = 0.3, d = 1e-5;
        double[] Phi(double[] t) => TimeCovariances.OrnsteinUhlenbeck(t, ell).Components[0].Phi;
        for (var moved = 0; moved < times.Length; moved++)
        {
            var exact = TimeCovariances.OrnsteinUhlenbeckPhiDerivative(times, ell, moved);
            double[] At(double shift)
            {
                var t = times.ToArray();
                t[moved] += shift;
                return Phi(t);
            }
            double[] m2 = At(-2 * d), m1 = At(-d), p1 = At(d), p2 = At(2 * d);
            for (var n = 0; n < times.Length; n++)
            {
                var fd = (m2[n] - 8 * m1[n] + 8 * p1[n] - p2[n]) / (12 * d);
                Assert.True(Math.Abs(exact[n] - fd) <= 1e-9, $"dPhi_{n}/dt_{moved}: exact {exact[n]:G12}, finite differences {fd:G12}");
                if (n != moved && n != moved + 1) Assert.Equal(0.0, exact[n]);
            }
        }
    }
}
