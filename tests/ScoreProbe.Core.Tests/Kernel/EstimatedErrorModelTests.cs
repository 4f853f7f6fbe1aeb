using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;

namespace ScoreProbe.Core.Tests.Kernel;

public class EstimatedErrorModelTests
{
    [Fact]
    public void JointCovarianceOfAnIsotropicModelPredictsExactlyWhatTheModelDoes()
    {
        // The stacked covariance of the isotropic AR(1) model, written out entry by entry, goes through the estimator's
        // representation (eigen-trajectories) and must give the same kernel as the separable fast path.
        var problem = TestProblems.Build(d: 2, steps: 8);
        var model = TestProblems.Errors(problem, "ar1", rho: 0.7, eps: 0.2);
        int m = problem.EvaluationTimes.Count, d = 2, p = d * d + d;
        var joint = Matrix<double>.Build.Dense(m * p, m * p, (r, c) =>
        {
            int a = r / p, k = r % p, b = c / p, l = c % p;
            if (k != l) return 0;
            return model.Time[a, b] * (k < d * d ? model.DeltaEntryVariance : model.ShiftVariance);
        });
        var estimate = new TimeCovarianceEstimate(joint, m, p, CovarianceStructureKind.Unrestricted);
        var trajectories = EstimatedErrorModel.From(new CoefficientCovariance(estimate, d, DiagonalDelta: false));
        Assert.Equal(model.MarginalMagnitude(3), trajectories.MarginalMagnitude(3), 1e-12);

        int[] recorded = [0, 5];
        var expected = KernelExpansion.Predict(problem, model, recorded, KernelPath.Modes);
        var actual = KernelExpansion.Predict(problem, trajectories, recorded);
        for (var r = 0; r < recorded.Length; r++)
        {
            Assert.Equal(expected[r].Terms.Paper, actual[r].Terms.Paper, 1e-10 * expected[r].Terms.Paper);
            Assert.Equal(expected[r].Terms.Complete, actual[r].Terms.Complete, 1e-10 * expected[r].Terms.Complete);
            Assert.Equal(expected[r].QDiagonal, actual[r].QDiagonal, 1e-10 * expected[r].QDiagonal);
        }
        var measured = MonteCarloReference.Run(problem, trajectories, [0], 3000, seed: 6)[0];
        Assert.True(measured.Covers(actual[0].Predicted), $"{actual[0].Predicted} not in [{measured.Lower}, {measured.Upper}]");
    }
}
