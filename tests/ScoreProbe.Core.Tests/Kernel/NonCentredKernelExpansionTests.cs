using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Kernel;

/// <summary>
/// The expansion with a mean error (a network's systematic error) against exact conditional propagation and Monte Carlo, as the
/// centred kernel is tested: exact for delta-only errors, remainder O(eps^3) once Delta enters.
/// </summary>
public class NonCentredKernelExpansionTests
{
    private static GaussianTarget Correlated()
    {
        var rng = new Random(4);
        var a = Matrix<double>.Build.Dense(3, 3, (_, _) => rng.NextDouble() - 0.5);
        return new GaussianTarget(Vector<double>.Build.Dense([0.5, -1.0, 0.3]), a * a.Transpose() + 0.2 * Matrix<double>.Build.DenseIdentity(3));
    }

    /// <summary>A smooth random trajectory: delta_n (and Delta_n when asked) of size about <paramref name="size"/>, varying with n.</summary>
    private static ErrorTrajectory Trajectory(int times, int d, double size, bool withDelta, int seed)
    {
        var rng = new Random(seed);
        var shift = Vector<double>.Build.Dense(d, _ => Gaussian.Next(rng));
        var slope = Vector<double>.Build.Dense(d, _ => Gaussian.Next(rng));
        var delta = Matrix<double>.Build.Dense(d, d, (_, _) => Gaussian.Next(rng));
        return new ErrorTrajectory(Enumerable.Range(0, times).Select(n =>
        {
            var u = (double)n / Math.Max(times - 1, 1);
            return (SpatialDirection?)new SpatialDirection(withDelta ? size / d * (1 + u) * delta : null, size / Math.Sqrt(d) * (shift + u * slope));
        }).ToArray());
    }

    [Theory]
    [InlineData("em")]
    [InlineData("heun")]
    [InlineData("ddim")]
    [InlineData("rk4")]
    public void DeltaOnlyMeanErrorIsPredictedExactly(string sampler)
    {
        var problem = TestProblems.Build(sampler: sampler, steps: 12, target: Correlated(), tMin: 0.2);
        var mean = Trajectory(problem.EvaluationTimes.Count, 3, 0.4, withDelta: false, seed: 1);
        int[] recorded = [0, 5];
        var rows = NonCentredKernelExpansion.Predict(problem, mean, null, recorded);
        var exact = ConditionalPropagation.W2Squared(problem, mean.ToDraw(problem.Target.Eigenvectors), recorded);
        for (var r = 0; r < recorded.Length; r++)
        {
            Assert.Equal(exact[r], rows[r].Predicted, 1e-10 * exact[r]);
            Assert.True(Math.Abs(rows[r].SystematicFirst) > 1e-3 * exact[r], "truncation at t_min = 0.2 makes the first-order term visible");
            Assert.Equal(0, rows[r].Systematic.CovarianceCorrection + rows[r].Systematic.MatrixCovariance, 1e-14);
        }
    }

    [Fact]
    public void DeltaOnlyMeanPlusCorrelatedFluctuationIsExactDrawByDraw()
    {
        // F is quadratic in delta, so (F(m + Z) + F(m - Z))/2 = F(m) + q(Z) for every draw, q the quadratic term of Z.
        var problem = TestProblems.Build(sampler: "em", steps: 10, target: Correlated(), tMin: 0.1);
        var mean = Trajectory(problem.EvaluationTimes.Count, 3, 0.3, withDelta: false, seed: 2);
        var errors = TestProblems.Errors(problem, "ar1", rho: 0.8, eps: 0.3, parts: ErrorParts.Shift);
        var row = NonCentredKernelExpansion.Predict(problem, mean, errors, [0])[0];
        var centre = mean.ToDraw(problem.Target.Eigenvectors);
        var meanOnly = ConditionalPropagation.W2Squared(problem, centre, [0])[0];
        Assert.Equal(meanOnly, row.Predicted - row.Fluctuation.Complete, 1e-10 * meanOnly);
        var sample = errors.Sampler(problem.Target.Eigenvectors);
        for (var j = 0; j < 5; j++)
        {
            var z = sample(new Random(j));
            var pair = 0.5 * (ConditionalPropagation.W2Squared(problem, centre.Plus(z), [0])[0] + ConditionalPropagation.W2Squared(problem, centre.Plus(z.Negate()), [0])[0]);
            var quadratic = DirectionalKernelEngine.QuadraticTermOfDraw(problem, z, [0])[0].Complete;
            Assert.Equal(meanOnly + quadratic, pair, 1e-10 * pair);
        }
        var measured = NonCentredMonteCarlo.Run(problem, mean, errors, [0], 3000, seed: 3)[0];
        Assert.True(measured.Covers(row.Predicted), $"{row.Predicted} not in [{measured.Lower}, {measured.Upper}]");
    }

    [Theory]
    [InlineData("em")]
    [InlineData("pf-euler")]
    [InlineData("heun")]
    public void WithDeltaTheRemainderOfTheMeanExpansionIsThirdOrder(string sampler)
    {
        var problem = TestProblems.Build(sampler: sampler, steps: 12, power: 2, tMin: 0.3);
        var mean = Trajectory(problem.EvaluationTimes.Count, 3, 1.0, withDelta: true, seed: 3);
        double[] eps = [0.04, 0.02, 0.01, 0.005];
        var remainder = eps.Select(e =>
        {
            var scaled = mean.Scale(e);
            var exact = ConditionalPropagation.W2Squared(problem, scaled.ToDraw(problem.Target.Eigenvectors), [0])[0];
            return Math.Abs(exact - NonCentredKernelExpansion.Predict(problem, scaled, null, [0])[0].Predicted);
        }).ToArray();
        var slope = LogLogSlope.Fit(eps, remainder).Slope;
        Assert.True(slope is >= 2.8 and <= 3.3, $"slope {slope}: remainders {string.Join(", ", remainder.Select(v => v.ToString("G4")))}");
        // The first-order term alone is O(eps): dropping the second order leaves an O(eps^2) gap.
        var row = NonCentredKernelExpansion.Predict(problem, mean.Scale(eps[^1]), null, [0])[0];
        Assert.True(Math.Abs(row.Systematic.Complete) > 10 * remainder[^1], $"second order {row.Systematic.Complete:G3} vs remainder {remainder[^1]:G3}");
    }

    [Fact]
    public void MeanPlusFluctuationRemainderIsThirdOrderAgainstMonteCarlo()
    {
        var problem = TestProblems.Build(sampler: "em", steps: 10, power: 2, tMin: 0.3);
        var mean = Trajectory(problem.EvaluationTimes.Count, 3, 1.0, withDelta: true, seed: 5);
        double[] eps = [0.4, 0.2, 0.1, 0.05];
        var remainder = new double[eps.Length];
        for (var i = 0; i < eps.Length; i++)
        {
            var errors = TestProblems.Errors(problem, "ar1", rho: 0.7, eps: eps[i], parts: ErrorParts.Both);
            var scaled = mean.Scale(eps[i]);
            var row = NonCentredKernelExpansion.Predict(problem, scaled, errors, [0])[0];
            var centre = scaled.ToDraw(problem.Target.Eigenvectors);
            var meanOnly = ConditionalPropagation.W2Squared(problem, centre, [0])[0];
            // Control variates: the mean's exact value and each draw's quadratic term; what is left is the O(eps^3) remainder.
            var sample = errors.Sampler(problem.Target.Eigenvectors);
            var samples = Enumerable.Range(0, 200).Select(j =>
            {
                var z = sample(new Random(SeedStreams.Derive(7, j)));
                var pair = 0.5 * (ConditionalPropagation.W2Squared(problem, centre.Plus(z), [0])[0] + ConditionalPropagation.W2Squared(problem, centre.Plus(z.Negate()), [0])[0]);
                return pair - meanOnly - DirectionalKernelEngine.QuadraticTermOfDraw(problem, z, [0])[0].Complete;
            }).ToArray();
            var fluctuationRemainder = MonteCarloEstimate.FromSamples(samples);
            remainder[i] = Math.Abs(meanOnly - (row.Predicted - row.Fluctuation.Complete) + fluctuationRemainder.Mean);
            if (i == 0) Assert.True(fluctuationRemainder.HalfWidth95 < 0.3 * remainder[0], "the largest eps must resolve the remainder");
        }
        Assert.True(LogLogSlope.Fit(eps, remainder).Slope >= 2.7, $"remainder {string.Join(", ", remainder.Select(r => r.ToString("G3")))}");
    }

    [Fact]
    public void SpanExpansionEqualsTheNonCentredExpansionForAMeanAndACovarianceInTheSpan()
    {
        var problem = TestProblems.Build(sampler: "ddpm", schedule: "vp-linear", steps: 10, target: Correlated(), tMin: 0.1);
        var m = problem.EvaluationTimes.Count;
        ErrorTrajectory[] directions = [Trajectory(m, 3, 0.2, true, 11), Trajectory(m, 3, 0.1, true, 12), Trajectory(m, 3, 0.05, false, 13)];
        var span = ErrorSpanExpansion.Compute(problem, directions, [0, 3]);
        var a = Vector<double>.Build.Dense([1.0, 0.5, 0.0]);
        var factor = Matrix<double>.Build.DenseOfArray(new[,] { { 0.0, 0.0 }, { 0.6, 0.0 }, { 0.3, 0.4 } });
        var b = factor * factor.Transpose();
        var mean = directions[0].Plus(directions[1].Scale(0.5));
        var trajectories = Enumerable.Range(0, 2).Select(l =>
            directions[1].Scale(factor[1, l]).Plus(directions[2].Scale(factor[2, l])).Times.ToArray()).ToArray();
        var fluctuation = new TrajectoryErrorModel("span", 3, m, trajectories);
        var rows = NonCentredKernelExpansion.Predict(problem, mean, fluctuation, [0, 3]);
        for (var r = 0; r < 2; r++)
        {
            Assert.Equal(rows[r].Predicted, span.Predict(r, a, b), 1e-10 * rows[r].Predicted);
            Assert.Equal(rows[r].SystematicFirst, span.First(r, a), 1e-10 * Math.Abs(rows[r].SystematicFirst));
            Assert.Equal(rows[r].E0 + rows[r].EDisc, span.Baseline(r), 1e-12);
        }
    }

    [Fact]
    public void BlockInteractionMatrixOfSingletonsIsTheSeparableOneAndSumsToThePaperKernel()
    {
        var problem = TestProblems.Build(d: 2, steps: 8);
        var errors = TestProblems.Errors(problem, "ar1", rho: 0.6, eps: 0.2);
        var separable = DirectionalKernelEngine.InteractionMatrix(problem, errors);
        var m = problem.EvaluationTimes.Count;
        var singletons = Enumerable.Range(0, m).Select(n => (IReadOnlyList<int>)[n]).ToArray();
        var general = DirectionalKernelEngine.InteractionMatrix(problem, errors, singletons);
        Assert.True((separable - general).FrobeniusNorm() < 1e-12 * separable.FrobeniusNorm());
        IReadOnlyList<int>[] halves = [Enumerable.Range(0, m / 2).ToArray(), Enumerable.Range(m / 2, m - m / 2).ToArray()];
        var blocks = DirectionalKernelEngine.InteractionMatrix(problem, errors, halves);
        var paper = KernelExpansion.Predict(problem, errors, [0])[0].Terms.Paper;
        Assert.Equal(paper, blocks.RowSums().Sum(), 1e-10 * paper);
        Assert.Equal(general.SubMatrix(0, m / 2, m / 2, m - m / 2).Enumerate().Sum(), blocks[0, 1], 1e-12);
    }
}
