using ScoreProbe.Core;
using ScoreProbe.Cli.Commands;
using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Cli.Tests;

public class ResidualPredictionTests
{
    [Fact]
    public void KernelContractionOfTheEstimateApproachesThatOfTheTrueCovariance()
    {
        // Synthetic residuals with a known AR(1) coefficient covariance: the predicted Q from the §7 estimate must be close
        // to the Q of the truth, and its bootstrap interval must cover it.
        var model = new SyntheticResidualModel(Times: 6, Repetitions: 300, Batch: 48, Dim: 2, Rho: 0.8);
        var residuals = model.Sample(seed: 3);
        var prediction = new ResidualPrediction("em", "vp-linear", Spectrum: 0, TMin: null);
        var contract = prediction.Contraction(residuals, diagonalDelta: true);
        var truth = new TimeCovarianceEstimate(model.TrueCoefficientCovariance(diagonalDelta: true), 6, 4, CovarianceStructureKind.Unrestricted);
        var qTrue = contract(truth);

        var options = new CovarianceAnalysisOptions(CovarianceStructureKind.Separable, 0, true, null, null, 40, 1, true)
        {
            PredictedError = contract,
        };
        var analysis = ResidualCovarianceAnalysis.Run(residuals, options);
        Assert.Equal(qTrue, analysis.PredictedError!.Value, 0.1 * qTrue);
        Assert.InRange(qTrue, analysis.PredictedErrorInterval!.Lower, analysis.PredictedErrorInterval.Upper);
    }

    [Fact]
    public void MultiStageSamplersAreRejectedForResidualPredictions()
    {
        var residuals = new SyntheticResidualModel(4, 3, 4, 1, 0.5).Sample(1);
        Assert.Throws<ScoreProbe.Core.InvalidConfigurationException>(() => new ResidualPrediction("heun", "vp-linear", 0, null).Problem(residuals));
    }
}
