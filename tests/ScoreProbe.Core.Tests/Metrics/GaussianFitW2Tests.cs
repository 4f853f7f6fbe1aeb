using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Core.MonteCarlo;

namespace ScoreProbe.Core.Tests.Metrics;

public class GaussianFitW2Tests
{
    private static readonly Vector<double> Mu = Vector<double>.Build.Dense([0.5, -0.5, 0.0]);
    private static readonly Matrix<double> C = Matrix<double>.Build.DenseOfArray(new[,] { { 1.0, 0.3, 0.0 }, { 0.3, 0.6, 0.1 }, { 0.0, 0.1, 0.4 } });

    /// <summary>N draws of N(m, Sigma) as rows, from <paramref name="z"/> (N x d standard normals).</summary>
    private static Matrix<double> Draws(Matrix<double> z, Vector<double> m, Matrix<double> sigma)
    {
        var root = sigma.Cholesky().Factor;
        var x = z * root.Transpose();
        for (var i = 0; i < x.RowCount; i++) x.SetRow(i, x.Row(i) + m);
        return x;
    }

    private static Matrix<double> Normals(int n, int d, int seed)
    {
        var rng = new Random(seed);
        return Matrix<double>.Build.Dense(n, d, (_, _) => Gaussian.Next(rng));
    }

    [Fact]
    public void BiasInOneDimensionIsTheClosedForm()
    {
        // d = 1: E|m_hat - mu|^2 bias Sigma/N, Bures bias sqrt(c Sigma)/(2(N-1)).
        var c = Matrix<double>.Build.Dense(1, 1, 0.7);
        var sigma = Matrix<double>.Build.Dense(1, 1, 1.3);
        Assert.Equal(1.3 / 50 + Math.Sqrt(0.7 * 1.3) / (2 * 49), GaussianFitW2.Bias(c, sigma, 50), 1e-14);
    }

    [Fact]
    public void BiasCorrectedEstimateIsUnbiasedWhereThePlugInIsNot()
    {
        var m = Vector<double>.Build.Dense([0.55, -0.45, 0.05]);
        var sigma = 1.1 * C;
        var truth = FrechetDistance.Squared(Mu, C, m, sigma);
        const int n = 200;
        var corrected = new List<double>();
        var plugIn = new List<double>();
        for (var s = 0; s < 600; s++)
        {
            var x = Draws(Normals(n, 3, s), m, sigma);
            var p = GaussianFitW2.PlugIn(Mu, C, x);
            plugIn.Add(p);
            corrected.Add(p - GaussianFitW2.Bias(C, FrechetDistance.MeanAndCovariance(x).Covariance, n));
        }
        var fixedUp = MonteCarloEstimate.FromSamples(corrected);
        var raw = MonteCarloEstimate.FromSamples(plugIn);
        Assert.True(fixedUp.Covers(truth), $"truth {truth} not in [{fixedUp.Lower}, {fixedUp.Upper}]");
        Assert.True(raw.Lower > truth, $"the plug-in should be biased up: [{raw.Lower}, {raw.Upper}] vs {truth}");
    }

    [Fact]
    public void ControlVariateShrinksTheIntervalAndKeepsTheTruthInside()
    {
        // The control shares the noise and differs by a known mean shift and a slight scale: its exact W2^2 is known.
        var z = Normals(2000, 3, 42);
        var m = Vector<double>.Build.Dense([0.6, -0.5, 0.0]);
        var mControl = Vector<double>.Build.Dense([0.59, -0.5, 0.005]);
        var sigma = 1.05 * C;
        var samples = Draws(z, m, sigma);
        var control = Draws(z, mControl, 1.04 * C);
        var truth = FrechetDistance.Squared(Mu, C, m, sigma);
        var plain = GaussianFitW2.Measure(Mu, C, samples, 200, seed: 1);
        var controlled = GaussianFitW2.MeasureAgainstControl(Mu, C, samples, control, FrechetDistance.Squared(Mu, C, mControl, 1.04 * C), 200, seed: 1);
        Assert.True(plain.Covers(truth), $"{truth} not in [{plain.Lower}, {plain.Upper}]");
        Assert.True(controlled.Covers(truth), $"{truth} not in [{controlled.Lower}, {controlled.Upper}]");
        Assert.True(controlled.Upper - controlled.Lower < 0.3 * (plain.Upper - plain.Lower),
            $"control variate interval {controlled.Upper - controlled.Lower:G3} vs plain {plain.Upper - plain.Lower:G3}");
    }

    [Fact]
    public void RecentredBootstrapIntervalCoversTheTruthAtAboutItsLevel()
    {
        // W2^2 small next to the plug-in bias: the regime where an uncentred interval would miss almost always.
        var m = Vector<double>.Build.Dense([0.52, -0.5, 0.0]);
        var sigma = 1.02 * C;
        var truth = FrechetDistance.Squared(Mu, C, m, sigma);
        var covered = Enumerable.Range(0, 100).Count(s => GaussianFitW2.Measure(Mu, C, Draws(Normals(300, 3, 1000 + s), m, sigma), 100, s).Covers(truth));
        Assert.InRange(covered, 85, 100);
    }
}
