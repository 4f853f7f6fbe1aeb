using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;

namespace ScoreProbe.Core.Tests.Metrics;

public class FrechetDistanceTests
{
    private static readonly MatrixBuilder<double> M = Matrix<double>.Build;
    private static readonly VectorBuilder<double> V = Vector<double>.Build;

    [Fact]
    public void One_dimensional_value_is_mean_gap_plus_sd_gap_squared()
    {
        var d2 = FrechetDistance.Squared(V.Dense([1.0]), M.Dense(1, 1, 4.0), V.Dense([-0.5]), M.Dense(1, 1, 0.25));
        Assert.Equal(1.5 * 1.5 + (2.0 - 0.5) * (2.0 - 0.5), d2, 12);
    }

    [Fact]
    public void Commuting_diagonal_case_sums_per_axis_gaps()
    {
        var d2 = FrechetDistance.Squared(V.Dense(3), M.DenseOfDiagonalArray([1.0, 4.0, 9.0]), V.Dense([0.0, 1.0, 0.0]), M.DenseOfDiagonalArray([4.0, 1.0, 9.0]));
        Assert.Equal(1.0 + 1.0 + 1.0 + 0.0, d2, 12);
    }

    [Fact]
    public void Non_commuting_2x2_matches_the_two_dimensional_trace_determinant_formula()
    {
        // In 2-D, tr sqrt(M) = sqrt(tr M + 2 sqrt(det M)) for M with positive eigenvalues; here M = S1 S2.
        var s1 = M.DenseOfArray(new[,] { { 2.0, 0.7 }, { 0.7, 1.0 } });
        var s2 = M.DenseOfArray(new[,] { { 0.5, -0.3 }, { -0.3, 1.5 } });
        var product = s1 * s2;
        var expected = s1.Trace() + s2.Trace() - 2.0 * Math.Sqrt(product.Trace() + 2.0 * Math.Sqrt(product.Determinant()));
        Assert.Equal(expected, FrechetDistance.Squared(V.Dense(2), s1, V.Dense(2), s2), 12);
        Assert.Equal(expected, FrechetDistance.Squared(V.Dense(2), s2, V.Dense(2), s1), 12);
    }

    [Fact]
    public void Identical_gaussians_are_at_distance_zero_even_when_singular()
    {
        var singular = M.DenseOfArray(new[,] { { 1.0, 1.0 }, { 1.0, 1.0 } });
        Assert.Equal(0.0, FrechetDistance.Squared(V.Dense([1.0, 2.0]), singular, V.Dense([1.0, 2.0]), singular), 7);
    }

    [Fact]
    public void From_samples_uses_the_unbiased_covariance()
    {
        // Two samples {0, 2} (mean 1, unbiased var 2) against {1, 1, 1} (mean 1, var 0): d^2 = (sqrt 2 - 0)^2 = 2.
        var d2 = FrechetDistance.SquaredFromSamples(M.DenseOfArray(new[,] { { 0.0 }, { 2.0 } }), M.DenseOfArray(new[,] { { 1.0 }, { 1.0 }, { 1.0 } }));
        Assert.Equal(2.0, d2, 12);
    }

    [Fact]
    public void From_samples_converges_to_the_population_value()
    {
        var random = new Random(3);
        var a = M.Dense(20000, 2, (_, j) => Normal.Sample(random, 0, j == 0 ? 1.0 : 2.0));
        var b = M.Dense(20000, 2, (_, j) => Normal.Sample(random, j == 0 ? 1.0 : 0.0, 1.0));
        // Population: 1 + (1 - 1)^2 + (2 - 1)^2 = 2; the sampling error here is about 0.03.
        Assert.Equal(2.0, FrechetDistance.SquaredFromSamples(a, b), 1);
    }

    private static Matrix<double> Features(int seed, int n, int d, int rank, double scale)
    {
        var random = new Random(seed);
        var latent = M.Dense(n, rank, (_, _) => Normal.Sample(random, 0, 1));
        var mixing = M.Dense(rank, d, (_, _) => Normal.Sample(random, 0, 1));
        return scale * latent * mixing + M.Dense(n, d, (_, j) => 0.01 * j);
    }

    /// <summary>Identical inputs are at distance exactly 0, not rounding residue, on every route.</summary>
    [Theory]
    [InlineData(30, 80)]
    [InlineData(200, 20)]
    public void Identical_sets_and_identical_statistics_are_at_exactly_zero(int n, int d)
    {
        var features = Features(1, n, d, Math.Min(n, d), 1.0);
        var (mean, cov) = FrechetDistance.MeanAndCovariance(features);

        Assert.Equal(0.0, FrechetDistance.SquaredFromSamples(features, features.Clone()));
        Assert.Equal(0.0, FrechetDistance.Squared(mean, cov, mean.Clone(), cov.Clone()));
    }

    /// <summary>
    /// With fewer samples than features the n1 x n2 route (nuclear norm of the cross product of the centred features) and the
    /// statistics route on the rank-deficient covariances (eigen factor with the numerical-rank tolerance) are two independent
    /// computations of one number.
    /// </summary>
    [Theory]
    [InlineData(30, 45, 120, 120)]
    [InlineData(60, 40, 150, 25)]
    public void Sample_route_with_fewer_samples_than_features_equals_the_statistics_route(int n1, int n2, int d, int rank)
    {
        var a = Features(2, n1, d, rank, 1.0);
        var b = Features(3, n2, d, rank, 0.7);
        var (m1, c1) = FrechetDistance.MeanAndCovariance(a);
        var (m2, c2) = FrechetDistance.MeanAndCovariance(b);

        var fromSamples = FrechetDistance.SquaredFromSamples(a, b);
        var fromStatistics = FrechetDistance.Squared(m1, c1, m2, c2);

        Assert.True(Math.Abs(fromSamples - fromStatistics) <= 1e-9 * fromStatistics, $"samples {fromSamples:R}, statistics {fromStatistics:R}");
    }

    /// <summary>Commuting covariances through the general route equal the closed form <see cref="FrechetDistance.SquaredDiagonal"/>, zeros included.</summary>
    [Fact]
    public void General_route_on_commuting_singular_covariances_equals_the_diagonal_closed_form()
    {
        var random = new Random(4);
        var q = M.Dense(6, 6, (_, _) => Normal.Sample(random, 0, 1)).QR().Q;
        double[] c = [3.0, 1.0, 0.5, 0.0, 0.0, 2.0], s = [0.0, 2.0, 0.5, 1.5, 0.0, 0.1], m1 = [1, 0, 0, 0, 0, 0], m2 = [0, 0, 0, 0, 0, 0];
        Matrix<double> Rotated(double[] v) => q * M.DenseOfDiagonalArray(v) * q.Transpose();

        var general = FrechetDistance.Squared(V.Dense(m1), Rotated(c), V.Dense(m2), Rotated(s));

        Assert.Equal(FrechetDistance.SquaredDiagonal(m1, c, m2, s), general, 10);
    }
}
