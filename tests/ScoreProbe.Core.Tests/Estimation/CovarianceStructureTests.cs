using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Statistics;
using Xunit.Abstractions;

namespace ScoreProbe.Core.Tests.Estimation;

public class CovarianceStructureTests(ITestOutputHelper output)
{
    private static double MeanRisk(ICovarianceStructure structure, Matrix<double> truth, int times, int p, int reps, int trials, int seed) =>
        Enumerable.Range(0, trials).Average(t =>
            GaussianSamples.SquaredFrobenius(structure.Fit(GaussianSamples.Draw(truth, reps, seed + t), times, p).ToMatrix(), truth));

    [Fact]
    public void Unrestricted_risk_matches_the_wishart_formula_and_falls_like_one_over_R()
    {
        // For Gaussian rows, E||Sigma_hat - Sigma||_F^2 = (||Sigma||_F^2 + (tr Sigma)^2) / (R - 1) exactly.
        var truth = GaussianSamples.Ar1(8, 0.6, 1.0);
        int[] reps = [20, 40, 80, 160, 320];
        var risks = reps.Select(r => MeanRisk(new UnrestrictedCovariance(), truth, 8, 1, r, 200, 1000 * r)).ToArray();
        for (var k = 0; k < reps.Length; k++)
        {
            var exact = (Math.Pow(truth.FrobeniusNorm(), 2) + Math.Pow(truth.Trace(), 2)) / (reps[k] - 1);
            Assert.InRange(risks[k] / exact, 0.85, 1.15);
        }
        var slope = LogLogSlope.Fit(reps.Select(r => (double)r).ToArray(), risks);
        output.WriteLine($"unrestricted risk slope in R: {slope.Slope:F3} [{slope.SlopeLower95:F3}, {slope.SlopeUpper95:F3}]");
        Assert.InRange(slope.Slope, -1.1, -0.9);
    }

    [Fact]
    public void Unrestricted_risk_grows_like_m_squared_but_banded_and_separable_like_m_or_slower()
    {
        int[] grid = [8, 16, 32, 64];
        const int reps = 100;
        double Slope(Func<int, ICovarianceStructure> structure, Func<int, Matrix<double>> truth) =>
            LogLogSlope.Fit(grid.Select(m => (double)m).ToArray(),
                grid.Select(m => MeanRisk(structure(m), truth(m), m, 1, reps, 30, 7 * m)).ToArray()).Slope;

        var unrestricted = Slope(_ => new UnrestrictedCovariance(), m => GaussianSamples.Ma1(m, 0.5));
        var banded = Slope(_ => new BandedCovariance(bandwidth: 1), m => GaussianSamples.Ma1(m, 0.5));
        var separable = Slope(_ => new SeparableExponentialCovariance(), m => GaussianSamples.Ar1(m, 0.5, 1.0));
        output.WriteLine($"risk slopes in m: unrestricted {unrestricted:F3}, banded(w=1) {banded:F3}, separable {separable:F3}");
        Assert.InRange(unrestricted, 1.8, 2.2);
        Assert.InRange(banded, 0.8, 1.2);
        Assert.True(separable < 1.0, $"separable risk slope in m was {separable}");
    }

    [Fact]
    public void Banded_risk_falls_like_one_over_R()
    {
        int[] reps = [25, 50, 100, 200];
        var truth = GaussianSamples.Ma1(16, 0.5);
        var risks = reps.Select(r => MeanRisk(new BandedCovariance(bandwidth: 1), truth, 16, 1, r, 60, 31 * r)).ToArray();
        var slope = LogLogSlope.Fit(reps.Select(r => (double)r).ToArray(), risks).Slope;
        output.WriteLine($"banded risk slope in R: {slope:F3}");
        Assert.InRange(slope, -1.15, -0.85);
    }

    [Fact]
    public void Held_out_validation_finds_the_true_bandwidth()
    {
        var samples = GaussianSamples.Draw(GaussianSamples.Ma1(12, 0.6), 2000, 5);
        Assert.Equal(1, new BandedCovariance(seed: 1).Fit(samples, 12, 1).Bandwidth);
    }

    [Fact]
    public void Held_out_validation_finds_the_true_temporal_rank()
    {
        // Two smooth temporal modes shared by p = 2 scalar modes: z_a = phi_1(a) c_1 + phi_2(a) c_2, plus a tiny isotropic floor (1e-8) so the truth is numerically rank 2 but Cholesky-factorable.
        const int m = 10, p = 2;
        var phi = Matrix<double>.Build.Dense(m, 2, (a, k) => k == 0 ? 1.0 : Math.Cos(Math.PI * a / (m - 1)));
        var loadings = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.3 }, { 0.3, 0.5 } });
        var truth = (phi * phi.Transpose()).KroneckerProduct(loadings) + Matrix<double>.Build.DenseIdentity(m * p) * 1e-8;
        var estimate = new LowRankTimeCovariance(seed: 2).Fit(GaussianSamples.Draw(truth, 3000, 6), m, p);
        Assert.Equal(2, estimate.Rank);
        Assert.True(estimate.NegativeEigenvalueMass() > -1e-10);
    }

    [Fact]
    public void Separable_fit_recovers_rho_and_the_mode_covariance()
    {
        var truth = GaussianSamples.Ar1(20, 0.7, 0.5, 2.0);
        var estimate = new SeparableExponentialCovariance().Fit(GaussianSamples.Draw(truth, 4000, 8), 20, 2);
        Assert.Equal(0.7, estimate.Rho!.Value, 1);
        Assert.InRange(estimate.Rho!.Value, 0.68, 0.72);
        Assert.Equal(4.0, estimate.Entry(3, 3, 1, 1), 0);
        Assert.InRange(estimate.Entry(3, 5, 1, 1), 4.0 * 0.49 * 0.93, 4.0 * 0.49 * 1.07);
    }

    [Fact]
    public void Psd_projection_clips_negative_eigenvalues_and_keeps_psd_input()
    {
        var banded = new BandedCovariance(bandwidth: 0).Fit(GaussianSamples.Draw(GaussianSamples.Ar1(6, 0.9, 1.0), 50, 9), 6, 1);
        var psd = banded.ProjectedToPsd();
        Assert.True(psd.NegativeEigenvalueMass() > -1e-12);
        Assert.True((psd.ToMatrix() - banded.ToMatrix()).FrobeniusNorm() < 1e-12, "a diagonal covariance is already PSD");
        var indefinite = new TimeCovarianceEstimate(Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 2.0 }, { 2.0, 1.0 } }), 2, 1, CovarianceStructureKind.Unrestricted);
        // Eigenvalues 3 and -1: the projection keeps 3 (v v^T with v = (1,1)/sqrt 2) and drops -1.
        Assert.Equal(-1.0, indefinite.NegativeEigenvalueMass(), 12);
        Assert.True((indefinite.ProjectedToPsd().ToMatrix() - Matrix<double>.Build.Dense(2, 2, 1.5)).FrobeniusNorm() < 1e-12);
    }

    [Fact]
    public void Bootstrap_interval_of_a_quadratic_functional_covers_the_truth_at_its_nominal_rate()
    {
        // Functional: a kernel-like contraction sum_ab w_a w_b Sigma_ab with fixed weights; 200 independent data sets.
        const int m = 4, seeds = 200;
        var truth = GaussianSamples.Ar1(m, 0.5, 1.0);
        var weights = Vector<double>.Build.Dense([1.0, 0.5, -0.3, 0.8]);
        double Functional(TimeCovarianceEstimate e) => weights * e.ToMatrix() * weights;
        var exact = weights * truth * weights;
        var covered = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var samples = GaussianSamples.Draw(truth, 150, 500 + seed);
            if (CovarianceBootstrap.Interval(samples, m, 1, new UnrestrictedCovariance(), Functional, 300, seed).Contains(exact)) covered++;
        }
        // Binomial(200, 0.95): sd 3.1 draws; the percentile interval of a variance undercovers slightly at R = 150.
        output.WriteLine($"bootstrap coverage {covered}/{seeds}");
        Assert.InRange(covered, 176, 200);
    }
}
