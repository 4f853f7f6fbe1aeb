using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Core.Tests.Samplers;

public class DiscretisationOrderTests
{
    /// <summary>Edisc = W2^2(p_data, q*_0) - E0 for the exact-score sampler on a uniform grid of K steps.</summary>
    private static double EDisc(string sampler, int steps)
    {
        var p = TestProblems.Build(d: 2, sampler: sampler, steps: steps, tMin: 0.2);
        var (mean, variance) = p.ReferenceMoments(0);
        var exact = FrechetDistance.SquaredDiagonal(mean, variance, p.Exact.Mean[0], p.Exact.Variance[0]);
        return exact - ContinuousReverseReference.E0(p, [0])[0];
    }

    [Theory]
    [InlineData("em", 1, 80)]
    [InlineData("pf-euler", 1, 80)]
    [InlineData("ddpm", 1, 160)]
    [InlineData("ddim", 1, 160)]
    [InlineData("exp-integrator", 1, 80)]
    [InlineData("heun", 2, 20)]
    [InlineData("rk4", 4, 8)]
    public void EDiscShrinksAtTheSolversOrder(string sampler, int order, int firstSteps)
    {
        // With truncation t_min = 0.2, E0 > 0 and Edisc is linear in the moment error, so |Edisc| = O(gamma^q).
        var steps = Enumerable.Range(0, 4).Select(i => firstSteps << i).ToArray();
        var errors = steps.Select(k => EDisc(sampler, k)).ToArray();
        var slope = LogLogSlope.Fit(steps.Select(k => 1.0 / k).ToArray(), errors.Select(Math.Abs).ToArray()).Slope;
        Assert.InRange(slope, order - 0.25, order + 0.5);
        Assert.True(Math.Abs(errors[^1]) < Math.Abs(errors[0]));
    }

    [Theory]
    [InlineData("em", 1)]
    [InlineData("heun", 2)]
    public void FineGridExactSamplerConvergesToTheContinuousE0(string sampler, int order)
    {
        // Validation ladder 2: the closed-form E0 is the limit of exact propagation on finer and finer grids.
        (double Gap, double W2) Gap(int steps)
        {
            var p = TestProblems.Build(d: 3, sampler: sampler, steps: steps, tMin: 0.01, power: 2);
            var (mean, variance) = p.ReferenceMoments(0);
            var exact = FrechetDistance.SquaredDiagonal(mean, variance, p.Exact.Mean[0], p.Exact.Variance[0]);
            return (exact - ContinuousReverseReference.E0(p, [0])[0], exact);
        }
        var (coarse, _) = Gap(1000);
        var (fine, w2) = Gap(4000);
        Assert.True(Math.Abs(fine) < 0.1 * w2, $"gap {fine:G3} vs W2^2 {w2:G3}");
        Assert.True(Math.Abs(fine) < Math.Abs(coarse) / (0.7 * Math.Pow(4, order)), $"gap {coarse:G3} -> {fine:G3}");
    }
}
