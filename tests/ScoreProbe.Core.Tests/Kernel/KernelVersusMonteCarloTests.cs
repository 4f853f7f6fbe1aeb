using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;

namespace ScoreProbe.Core.Tests.Kernel;

public class KernelVersusMonteCarloTests
{
    [Theory]
    [InlineData("em")]
    [InlineData("heun")]
    [InlineData("rk4")]
    [InlineData("ddpm")]
    public void ShiftOnlyErrorsMakeTheExpansionExact(string sampler)
    {
        // With delta errors only, the mean is affine in delta and Sigma is untouched: E W2^2 = F* + Q^delta exactly.
        var problem = TestProblems.Build(d: 3, sampler: sampler, steps: 12);
        var errors = TestProblems.Errors(problem, "ar1", rho: 0.9, eps: 0.5, parts: ErrorParts.Shift);
        int[] recorded = [0, 6];
        var prediction = KernelExpansion.Predict(problem, errors, recorded);
        var measured = MonteCarloReference.Run(problem, errors, recorded, 4000, seed: 11);
        var remainder = MonteCarloReference.Remainder(problem, errors, recorded, 200, seed: 12);
        for (var r = 0; r < recorded.Length; r++)
        {
            Assert.True(measured[r].Covers(prediction[r].Predicted), $"{prediction[r].Predicted} not in [{measured[r].Lower}, {measured[r].Upper}]");
            Assert.Equal(0, remainder[r].Mean, 1e-12);
            Assert.Equal(prediction[r].Terms.Paper, prediction[r].Terms.Complete);
        }
    }

    [Theory]
    [InlineData("em", ErrorParts.Matrix)]
    [InlineData("pf-euler", ErrorParts.Both)]
    [InlineData("heun", ErrorParts.Matrix)]
    public void CompleteKernelRemainderShrinksFasterThanEpsCubedWhilePaperKernelIsBiased(string sampler, ErrorParts parts)
    {
        // Truncation at t_min = 0.3 keeps q*_0 away from p_data, so grad F* != 0 and the omitted term is visible.
        var problem = TestProblems.Build(d: 3, sampler: sampler, steps: 12, power: 2, tMin: 0.3);
        double[] eps = [0.4, 0.2, 0.1, 0.05, 0.025];
        var complete = new double[eps.Length];
        var paperGap = new double[eps.Length];
        for (var i = 0; i < eps.Length; i++)
        {
            var errors = TestProblems.Errors(problem, "ar1", rho: 0.8, eps: eps[i], parts: parts);
            var remainder = MonteCarloReference.Remainder(problem, errors, [0], 400, seed: 5)[0];
            var row = KernelExpansion.Predict(problem, errors, [0])[0];
            complete[i] = remainder.Mean;
            // E W2^2 - (F* + Q_paper) = remainder + (Q_complete - Q_paper).
            paperGap[i] = remainder.Mean + row.Terms.Complete - row.Terms.Paper;
            Assert.True(Math.Abs(remainder.Mean) > 2 * remainder.HalfWidth95 || i > 0, "the largest eps must resolve the remainder");
        }
        // Gaussian errors are symmetric, so odd orders vanish: the remainder is O(eps^4), at least the required O(eps^3).
        Assert.InRange(LogLogSlope.Fit(eps[..4], complete[..4].Select(Math.Abs).ToArray()).Slope, 3.0, 4.6);
        // The paper's kernel misses <grad F*, E second-order moments>, an O(eps^2) term: its error has slope 2.
        Assert.InRange(LogLogSlope.Fit(eps[2..], paperGap[2..].Select(Math.Abs).ToArray()).Slope, 1.8, 2.3);
        Assert.True(Math.Abs(paperGap[^1]) > 10 * Math.Abs(complete[^1]), $"paper gap {paperGap[^1]:G3} vs complete {complete[^1]:G3}");
    }

    [Fact]
    public void RandomFeatureErrorsThroughTheDirectionalEngineMatchMonteCarlo()
    {
        var problem = TestProblems.Build(d: 4, sampler: "em", steps: 10);
        var errors = TestProblems.Errors(problem, "random-features", rho: 0.9, eps: 0.05);
        Assert.False(errors.IsIsotropic);
        var prediction = KernelExpansion.Predict(problem, errors, [0])[0];
        var measured = MonteCarloReference.Run(problem, errors, [0], 4000, seed: 2)[0];
        Assert.True(measured.Covers(prediction.Predicted), $"{prediction.Predicted} not in [{measured.Lower}, {measured.Upper}]");
        Assert.Equal(0.05 * 0.05, errors.MarginalMagnitude(3), 1e-12);
    }

    [Fact]
    public void FullKernelTracksCorrelationWhileDiagonalOnlyPredictorStaysFlat()
    {
        // §6 and §8: at fixed marginal error, raising rho raises the measured error; only the off-diagonal blocks see it.
        var problem = TestProblems.Build(d: 3, sampler: "em", steps: 20);
        double[] rhos = [0.0, 0.5, 0.9, 0.99];
        var measured = new double[rhos.Length];
        var diagonal = new double[rhos.Length];
        for (var i = 0; i < rhos.Length; i++)
        {
            var errors = TestProblems.Errors(problem, "ar1", rho: rhos[i], eps: 0.05);
            var row = KernelExpansion.Predict(problem, errors, [0])[0];
            var mc = MonteCarloReference.Run(problem, errors, [0], 2000, seed: 9)[0];
            Assert.True(mc.Covers(row.Predicted), $"rho={rhos[i]}: {row.Predicted} not in [{mc.Lower}, {mc.Upper}]");
            measured[i] = mc.Mean - row.E0 - row.EDisc;
            diagonal[i] = row.QDiagonal;
        }
        Assert.True(measured[^1] > 3 * measured[0], $"measured Q {measured[0]:G3} -> {measured[^1]:G3}");
        Assert.All(diagonal, q => Assert.Equal(diagonal[0], q, 1e-12 * diagonal[0]));
    }

    [Fact]
    public void MarginalReferenceIsPredictedAlongTheWholeCurve()
    {
        // Against p_{t_k} instead of p_data: the same expansion with the reference moving with k.
        var problem = TestProblems.Build(d: 3, sampler: "em", steps: 16, reference: Propagation.WassersteinReference.Marginal);
        var errors = TestProblems.Errors(problem, "ar1", rho: 0.8, eps: 0.05);
        int[] recorded = [0, 5, 10, 15];
        var prediction = KernelExpansion.Predict(problem, errors, recorded);
        var measured = MonteCarloReference.Run(problem, errors, recorded, 3000, seed: 8);
        for (var r = 0; r < recorded.Length; r++)
            Assert.True(measured[r].Covers(prediction[r].Predicted), $"k={recorded[r]}: {prediction[r].Predicted} not in [{measured[r].Lower}, {measured[r].Upper}]");
        // At k = K-1 the sampler has made one step from the proxy prior: close to p_{t_k}, unlike p_data.
        Assert.True(prediction[^1].E0 + prediction[^1].EDisc < 0.1);
    }
}
