using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Neural.Probing;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Probing;

/// <summary>
/// The check that cannot be fooled: networks whose score is the exact Gaussian score plus a known affine perturbation. The probe
/// and the estimators must recover the perturbation (mean and, across an ensemble, covariance) and the prediction must equal the
/// exact expected W2^2 of the perturbed sampler.
/// </summary>
public class OracleTests
{
    private static readonly SamplerPlan Plan = SamplerPlan.Create("ddim", 20, OracleNetworks.Timeline);
    private static readonly Core.Targets.GaussianTarget Target = DataGaussian.Of(OracleNetworks.Data);

    private static int[] EvaluationTimesteps() => Plan.EvaluationTimesteps(Plan.Problem(Target));

    [Fact]
    public void ExactScoreResidualsRecoverAKnownPerturbationAndThePredictionIsTheExactW2()
    {
        var errors = OracleNetworks.Perturbation(0.05, withDelta: true, seed: 1);
        using var network = OracleNetworks.Network(errors);
        var timesteps = EvaluationTimesteps();
        var probed = ProbedNetwork.Probe("oracle", network, OracleNetworks.Data, OracleNetworks.Timeline, timesteps,
            new ResidualProbeOptions(3, 16, 5, ResidualKind.ExactScore, ScalarType.Float64));
        for (var a = 0; a < timesteps.Length; a++)
        {
            var fitted = CoefficientVectors.ToDirection(probed.Estimate.Mean, a, 3, false);
            Assert.True((fitted.Shift! - errors[timesteps[a]].Shift!).L2Norm() < 1e-9, $"delta at timestep {timesteps[a]}");
            Assert.True((fitted.Delta! - errors[timesteps[a]].Delta!).FrobeniusNorm() < 1e-9, $"Delta at timestep {timesteps[a]}");
            Assert.True(probed.RSquared[a] > 1 - 1e-12);
            Assert.True(probed.Estimate.FittingNoise(a) < 1e-18);
        }
        var prediction = TrainedPrediction.Predict([probed], Target, Plan, new PredictionOptions());
        var problem = Plan.Problem(Target);
        var exact = ConditionalPropagation.W2Squared(problem, OracleNetworks.Trajectory(errors, timesteps).ToDraw(problem.Target.Eigenvectors), [0])[0];
        Assert.Equal(exact, prediction.Surrogate, 1e-9 * exact);
        // With Delta the expansion is second order: its remainder is third order, 8x smaller at half the error.
        var gap = exact - prediction.Predicted;
        var half = probed.Estimate.MeanTrajectory(Enumerable.Range(0, timesteps.Length).ToArray()).Scale(0.5);
        var halfGap = ConditionalPropagation.W2Squared(problem, half.ToDraw(problem.Target.Eigenvectors), [0])[0]
                      - NonCentredKernelExpansion.Predict(problem, half, null, [0])[0].Predicted;
        Assert.True(Math.Abs(gap) < 0.1 * exact, $"exact {exact} vs predicted {prediction.Predicted}");
        Assert.InRange(gap / halfGap, 5.5, 11);
        Assert.True(prediction.SystematicFirst != 0 && prediction.Q == 0);
    }

    [Fact]
    public void DeltaOnlyPerturbationIsPredictedToOnePartInAMillion()
    {
        var errors = OracleNetworks.Perturbation(0.3, withDelta: false, seed: 2);
        using var network = OracleNetworks.Network(errors);
        var timesteps = EvaluationTimesteps();
        var probed = ProbedNetwork.Probe("oracle", network, OracleNetworks.Data, OracleNetworks.Timeline, timesteps,
            new ResidualProbeOptions(2, 8, 1, ResidualKind.ExactScore, ScalarType.Float64));
        var prediction = TrainedPrediction.Predict([probed], Target, Plan, new PredictionOptions());
        var problem = Plan.Problem(Target);
        var exact = ConditionalPropagation.W2Squared(problem, OracleNetworks.Trajectory(errors, timesteps).ToDraw(problem.Target.Eigenvectors), [0])[0];
        Assert.Equal(exact, prediction.Predicted, 1e-6 * exact);
        Assert.InRange(prediction.PredictedCi95[1] - prediction.PredictedCi95[0], 0, 1e-6 * exact);

        // The network's own samples measure the same number (plain Gaussian fit, bias-corrected, 95% interval).
        var (_, measured) = TrainedPrediction.Measure(prediction, [probed], OracleNetworks.Data, Target, Plan, new MeasurementOptions(4000, 7, ControlVariate: false));
        Assert.True(measured.MeasuredPlainCi95[0] <= exact && exact <= measured.MeasuredPlainCi95[1],
            $"exact {exact} not in [{measured.MeasuredPlainCi95[0]}, {measured.MeasuredPlainCi95[1]}]");
    }

    [Fact]
    public void ObservableResidualsTargetTheSameCoefficientsWithFittingNoiseThatShrinksLikeOneOverB()
    {
        var errors = OracleNetworks.Perturbation(0.3, withDelta: false, seed: 3);
        using var network = OracleNetworks.Network(errors);
        int[] timesteps = [50, 300, 700];
        double[] Noise(int batch, out Vector<double> mean, out SystematicErrorEstimate estimate)
        {
            var probed = ProbedNetwork.Probe("oracle", network, OracleNetworks.Data, OracleNetworks.Timeline, timesteps,
                new ResidualProbeOptions(40, batch, 9, ResidualKind.Observable, ScalarType.Float64));
            estimate = probed.Estimate;
            mean = probed.Estimate.Mean;
            var e = probed.Estimate;
            return timesteps.Select((_, a) => e.FittingNoise(a)).ToArray();
        }
        var small = Noise(32, out _, out _);
        var large = Noise(128, out var mean, out var estimate);
        for (var a = 0; a < timesteps.Length; a++)
        {
            Assert.InRange(small[a] / large[a], 2.5, 6.5); // 1/B: four times the batch, a quarter of the variance
            var fitted = CoefficientVectors.ToDirection(mean, a, 3, false).Shift!;
            var truth = errors[timesteps[a]].Shift!;
            // Standard error of the mean shift from the repetitions' spread.
            var p = estimate.Samples.ModesPerTime;
            for (var i = 0; i < 3; i++)
            {
                var column = estimate.Samples.Stacked.Column(a * p + 9 + i);
                var se = Math.Sqrt(column.Subtract(column.Average()).PointwiseMultiply(column.Subtract(column.Average())).Sum() / (column.Count - 1) / column.Count);
                Assert.True(Math.Abs(fitted[i] - truth[i]) < 4 * se, $"timestep {timesteps[a]} coordinate {i}: {fitted[i]} vs {truth[i]} (se {se})");
            }
        }
    }

    [Fact]
    public void AnEnsembleWithAKnownCovarianceIsRecoveredAndItsExpectedW2Predicted()
    {
        // Member j: mean + xi_j1 w1 + xi_j2 w2, xi ~ N(0, 1): Cov = w1 w1^T + w2 w2^T, known exactly. delta only: the expansion is exact.
        var mean = OracleNetworks.Perturbation(0.25, withDelta: false, seed: 10);
        var w1 = OracleNetworks.Perturbation(0.1, withDelta: false, seed: 11);
        var w2 = OracleNetworks.Perturbation(0.05, withDelta: false, seed: 12);
        var rng = new Random(13);
        const int members = 40;
        var timesteps = EvaluationTimesteps();
        var probed = new List<ProbedNetwork>();
        var memberErrors = new List<Dictionary<int, SpatialDirection>>();
        for (var j = 0; j < members; j++)
        {
            var errors = OracleNetworks.Combine((1, mean), (Gaussian.Next(rng), w1), (Gaussian.Next(rng), w2));
            memberErrors.Add(errors);
            using var network = OracleNetworks.Network(errors);
            probed.Add(ProbedNetwork.Probe($"m{j}", network, OracleNetworks.Data, OracleNetworks.Timeline, timesteps,
                new ResidualProbeOptions(2, 8, 1, ResidualKind.ExactScore, ScalarType.Float64)));
        }
        var problem = Plan.Problem(Target);
        var q = problem.Target.Eigenvectors;
        var known = new TrajectoryErrorModel("known", 3, timesteps.Length,
            [OracleNetworks.Trajectory(w1, timesteps).Times.ToArray(), OracleNetworks.Trajectory(w2, timesteps).Times.ToArray()]);
        var truth = NonCentredKernelExpansion.Predict(problem, OracleNetworks.Trajectory(mean, timesteps), known, [0])[0];

        // Estimators: mean and covariance inside their bootstrap intervals over members.
        var ensemble = new EnsembleErrorEstimate(probed.Select(p => p.Estimate).ToArray());
        var order = Enumerable.Range(0, timesteps.Length).ToArray();
        double FluctuationQ(IReadOnlyList<int> rows)
        {
            var sub = new EnsembleErrorEstimate(rows.Select(j => probed[j].Estimate).ToArray());
            return DirectionalKernelEngine.Compute(problem, sub.Fluctuation(order)!, [0])[0].Complete * rows.Count / (rows.Count - 1.0);
        }
        var qInterval = Bootstrap.Percentile(members, FluctuationQ, 100, seed: 1);
        Assert.True(qInterval.Contains(truth.Fluctuation.Complete), $"Q of the known covariance {truth.Fluctuation.Complete} not in [{qInterval.Lower}, {qInterval.Upper}]");
        var firstInterval = Bootstrap.Percentile(members, rows =>
            NonCentredKernelExpansion.Predict(problem, new EnsembleErrorEstimate(rows.Select(j => probed[j].Estimate).ToArray()).MeanTrajectory(order), null, [0])[0].SystematicFirst,
            100, seed: 2);
        Assert.True(firstInterval.Contains(truth.SystematicFirst), $"first-order term of the known mean {truth.SystematicFirst} not in [{firstInterval.Lower}, {firstInterval.Upper}]");

        // Prediction: covers the exact population value, and equals the members' exact W2^2 averaged (plug-in moments, delta only).
        var prediction = TrainedPrediction.Predict(probed, Target, Plan, new PredictionOptions(BootstrapResamples: 400));
        Assert.True(prediction.PredictedCi95[0] <= truth.Predicted && truth.Predicted <= prediction.PredictedCi95[1],
            $"exact expected W2^2 {truth.Predicted} not in [{prediction.PredictedCi95[0]}, {prediction.PredictedCi95[1]}]");
        var average = memberErrors.Average(e => ConditionalPropagation.W2Squared(problem, OracleNetworks.Trajectory(e, timesteps).ToDraw(q), [0])[0]);
        Assert.Equal(average, prediction.Predicted, 1e-6 * average);
        Assert.Equal(average, prediction.Surrogate, 1e-9 * average);
        Assert.True(prediction.Q > 0.05 * prediction.Predicted, "the covariance part must matter in this test");
    }
}
