using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Tests.Estimation;

public class RidgeAffineFitTests
{
    private static readonly Matrix<double> TrueDelta = Matrix<double>.Build.DenseOfArray(new[,] { { 0.3, -0.1, 0.0 }, { 0.2, 0.5, 0.1 }, { -0.4, 0.0, 0.2 } });
    private static readonly Vector<double> TrueShift = Vector<double>.Build.Dense([0.1, -0.2, 0.05]);

    private static (Matrix<double> X, Matrix<double> R) Draw(int batch, double noiseSd, int seed, Matrix<double>? delta = null)
    {
        var random = new Random(seed);
        var x = Matrix<double>.Build.Dense(batch, 3, (_, _) => 1.0 + Normal.Sample(random, 0, 1.5));
        var r = Matrix<double>.Build.Dense(batch, 3);
        for (var j = 0; j < batch; j++)
            r.SetRow(j, -(delta ?? TrueDelta) * x.Row(j) + TrueShift + Vector<double>.Build.Dense(3, _ => Normal.Sample(random, 0, noiseSd)));
        return (x, r);
    }

    [Fact]
    public void Noise_free_affine_residuals_are_recovered_exactly_with_zero_ridge()
    {
        var (x, r) = Draw(10, 0.0, 1);
        var fit = RidgeAffineFit.Fit(x, r, 0.0, diagonalDelta: false);
        Assert.True((fit.Delta - TrueDelta).FrobeniusNorm() < 1e-10);
        Assert.True((fit.Shift - TrueShift).L2Norm() < 1e-10);
    }

    [Fact]
    public void Diagonal_fit_recovers_a_diagonal_map_exactly()
    {
        var diagonal = Matrix<double>.Build.DenseOfDiagonalArray([0.3, -0.2, 0.7]);
        var (x, r) = Draw(8, 0.0, 2, diagonal);
        var fit = RidgeAffineFit.Fit(x, r, 0.0, diagonalDelta: true);
        Assert.True((fit.Delta - diagonal).FrobeniusNorm() < 1e-10);
        Assert.True((fit.Shift - TrueShift).L2Norm() < 1e-10);
    }

    [Fact]
    public void Squared_error_of_the_noisy_fit_falls_like_one_over_batch()
    {
        int[] batches = [25, 50, 100, 200, 400];
        var errors = batches.Select(b => Enumerable.Range(0, 40).Average(seed =>
        {
            var (x, r) = Draw(b, 0.3, 100 * b + seed);
            var fit = RidgeAffineFit.Fit(x, r, 0.0, diagonalDelta: false);
            return Math.Pow((fit.Delta - TrueDelta).FrobeniusNorm(), 2) + Math.Pow((fit.Shift - TrueShift).L2Norm(), 2);
        })).ToArray();
        var slope = LogLogSlope.Fit(batches.Select(b => (double)b).ToArray(), errors);
        Assert.InRange(slope.Slope, -1.15, -0.85);
    }

    [Fact]
    public void Ridge_solution_is_a_stationary_point_of_the_penalised_objective()
    {
        var (x, r) = Draw(30, 0.3, 3);
        const double lambda = 0.7;
        var fit = RidgeAffineFit.Fit(x, r, lambda, diagonalDelta: false);
        double Objective(Matrix<double> delta, Vector<double> shift)
        {
            var total = 0.0;
            for (var j = 0; j < x.RowCount; j++) total += Math.Pow((r.Row(j) + delta * x.Row(j) - shift).L2Norm(), 2);
            return total / x.RowCount + lambda * Math.Pow(delta.FrobeniusNorm(), 2);
        }
        const double h = 1e-5;
        for (var i = 0; i < 3; i++)
        {
            for (var k = 0; k < 3; k++)
            {
                var e = Matrix<double>.Build.Dense(3, 3);
                e[i, k] = h;
                Assert.Equal(0.0, (Objective(fit.Delta + e, fit.Shift) - Objective(fit.Delta - e, fit.Shift)) / (2 * h), 6);
            }
            var u = Vector<double>.Build.Dense(3);
            u[i] = h;
            Assert.Equal(0.0, (Objective(fit.Delta, fit.Shift + u) - Objective(fit.Delta, fit.Shift - u)) / (2 * h), 6);
        }
    }

    [Fact]
    public void Negative_ridge_is_rejected()
    {
        var (x, r) = Draw(5, 0.0, 4);
        Assert.Equal("ridge", Assert.Throws<InvalidConfigurationException>(() => RidgeAffineFit.Fit(x, r, -1e-3, false)).Parameter);
    }
}
