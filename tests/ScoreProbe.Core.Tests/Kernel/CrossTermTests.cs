using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Kernel;

public class CrossTermTests
{
    [Fact]
    public void CorrelatedDeltaAndShiftGiveTheCrossTermOfEquation35()
    {
        // One direction carrying both a Delta and a delta part makes them perfectly correlated; with a non-zero data mean
        // the Delta part moves the mean too (eq. (26)), so Q^{Delta delta} of eq. (35) is non-zero.
        var target = new GaussianTarget(Vector<double>.Build.Dense([1.5, -0.8]), Matrix<double>.Build.DenseOfDiagonalArray([1.2, 0.6]));
        var problem = TestProblems.Build(sampler: "em", steps: 10, target: target);
        var direction = new SpatialDirection(
            Matrix<double>.Build.DenseOfArray(new[,] { { 0.03, 0.01 }, { -0.02, 0.04 } }), Vector<double>.Build.Dense([0.05, 0.02]));
        var errors = ScoreErrorModel.FromDirections("joint", 2, TimeCovariances.Ar1(problem.EvaluationTimes.Count, 0.8), [direction]);
        var row = KernelExpansion.Predict(problem, errors, [0])[0];
        Assert.True(Math.Abs(row.Terms.Cross) > 0.05 * row.Terms.Paper, $"cross {row.Terms.Cross:G3} vs paper {row.Terms.Paper:G3}");
        var measured = MonteCarloReference.Run(problem, errors, [0], 6000, seed: 4)[0];
        Assert.True(measured.Covers(row.Predicted), $"{row.Predicted} not in [{measured.Lower}, {measured.Upper}]");
        var flipped = ScoreErrorModel.FromDirections("anti", 2, errors.Time, [new SpatialDirection(direction.Delta, -direction.Shift!)]);
        Assert.Equal(-row.Terms.Cross, KernelExpansion.Predict(problem, flipped, [0])[0].Terms.Cross, 1e-12);
    }
}
