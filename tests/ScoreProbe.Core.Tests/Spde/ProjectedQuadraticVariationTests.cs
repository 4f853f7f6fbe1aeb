using ScoreProbe.Core.Spde;
using Xunit.Abstractions;

namespace ScoreProbe.Core.Tests.Spde;

/// <summary>
/// Paper 004 §6 derives SIEM from the quadratic variation of <c>X_t = &lt;u_t, phi&gt;</c> under the SPDE (eq. (12)). In the
/// simulator the Q-Wiener noise is known, so the derivation can be checked step by step (the paper does not).
/// </summary>
public class ProjectedQuadraticVariationTests(ITestOutputHelper output)
{
    private static ProjectedQuadraticVariation[] Measure(int dim, int cells, double noise, int realisations, double courant = 0.4)
    {
        var solver = new StochasticFiniteVolumeSolver(new SpdeConfig(dim, cells, noise, realisations, Seed: 2, RecordPoints: 11, Courant: courant));
        var phi = new LorentzTestFunction(dim, eps: 1.0);
        return Enumerable.Range(0, realisations).Select(r => ProjectedQuadraticVariation.Measure(solver, phi, r)).ToArray();
    }

    /// <summary>Mean and standard error over realisations.</summary>
    private static (double Mean, double Error) MeanAndError(IEnumerable<double> values)
    {
        var v = values.ToArray();
        var mean = v.Average();
        return (mean, Math.Sqrt(v.Sum(x => (x - mean) * (x - mean)) / (v.Length - 1) / v.Length));
    }

    /// <summary>
    /// §6's estimator from the noise (the score discrepancy), <c>sum (&lt;u Z, grad phi&gt;)^2 dt</c>, has the Ito-isometry value
    /// <c>sum Var(&lt;u Delta W, grad phi&gt;)</c> as its expectation: their difference averages to zero within 4 standard errors,
    /// for the exact gradient and for the concentrated one.
    /// </summary>
    [Theory]
    [InlineData(1, 64, 0.2, 40)]
    [InlineData(1, 64, 0.5, 40)]
    [InlineData(2, 16, 0.3, 8)]
    public void The_estimator_from_the_noise_has_the_ito_isometry_expectation(int dim, int cells, double noise, int realisations)
    {
        var runs = Measure(dim, cells, noise, realisations);
        var expected = runs.Average(r => r.Expected);
        var (difference, error) = MeanAndError(runs.Select(r => (r.FromDiscrepancy - r.Expected) / expected));
        var expectedConcentrated = runs.Average(r => r.ExpectedConcentrated);
        var (concentratedDifference, concentratedError) = MeanAndError(runs.Select(r => (r.Concentrated - r.ExpectedConcentrated) / expectedConcentrated));
        output.WriteLine($"d = {dim}, sigma = {noise}: (from noise - expected) / expected = {difference:F4} +- {error:F4}; concentrated {concentratedDifference:F4} +- {concentratedError:F4}; "
                         + $"concentrated / exact gradient (expectations) = {runs.Average(r => r.ExpectedConcentrated / r.Expected):F3}");
        Assert.InRange(difference, -4 * error, 4 * error);
        Assert.InRange(concentratedDifference, -4 * concentratedError, 4 * concentratedError);
    }

    /// <summary>
    /// The quadratic variation of the simulated path itself, <c>sum (X_{n+1} - X_n)^2</c>, converges to the expected one as the
    /// step shrinks: the drift's share is O(dt). Four times smaller steps at least halve the gap, which ends below 4%.
    /// </summary>
    [Fact]
    public void The_path_quadratic_variation_converges_to_the_expected_one_as_the_step_shrinks()
    {
        double Gap(double courant)
        {
            var runs = Measure(1, 64, 0.2, 16, courant);
            return runs.Average(r => r.Path) / runs.Average(r => r.Expected) - 1;
        }
        var (coarse, fine) = (Gap(0.4), Gap(0.1));
        output.WriteLine($"path / expected - 1: Courant 0.4 {coarse:F4}, Courant 0.1 {fine:F4}");
        Assert.True(Math.Abs(fine) < 0.5 * Math.Abs(coarse), $"gap {coarse:F4} -> {fine:F4}");
        Assert.InRange(fine, -0.04, 0.04);
    }

    /// <summary>The Lorentz function is a density with the stated gradient (finite differences).</summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Lorentz_test_function_integrates_to_one_and_has_its_gradient(int dim)
    {
        var phi = new LorentzTestFunction(dim, 0.7);
        double[] x = dim == 1 ? [0.4] : [0.4, -0.9];
        for (var axis = 0; axis < dim; axis++)
        {
            var (plus, minus) = ((double[])x.Clone(), (double[])x.Clone());
            plus[axis] += 1e-5;
            minus[axis] -= 1e-5;
            Assert.Equal((phi.Value(plus) - phi.Value(minus)) / 2e-5, phi.Gradient(x, axis), 7);
        }
        // 1-D: the Cauchy density of scale sqrt(eps), whose mass within [-a, a] is (2 / pi) atan(a / sqrt(eps)).
        if (dim == 1)
        {
            const int n = 200_000;
            const double a = 5.0;
            var mass = Enumerable.Range(0, n).Sum(i => phi.Value([-a + (i + 0.5) * 2 * a / n])) * 2 * a / n;
            Assert.Equal(2 / Math.PI * Math.Atan(a / Math.Sqrt(0.7)), mass, 8);
        }
    }
}
