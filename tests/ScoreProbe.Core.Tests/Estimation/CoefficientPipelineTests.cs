using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Core.Tests.Estimation;

public class CoefficientPipelineTests
{
    [Fact]
    public void Refit_per_repetition_covariance_recovers_the_synthetic_ar1_model()
    {
        // Fit noise adds about NoiseSd^2 / B (times a factor near 1 for delta) to the diagonal-in-time variances; with
        // NoiseSd = 0.02 and B = 64 that is 6e-6, small against ShiftSd^2 = 1e-2 and DeltaSd^2 = 2.5e-3.
        var model = new SyntheticResidualModel(Times: 6, Repetitions: 3000, Batch: 64, Dim: 2, Rho: 0.6);
        var samples = CoefficientSamples.Fit(model.Sample(21), ridge: 0, diagonalDelta: true);
        var estimate = new CoefficientCovariance(new UnrestrictedCovariance().Fit(samples.Stacked, samples.Times, samples.ModesPerTime), 2, true);
        var truth = new CoefficientCovariance(new TimeCovarianceEstimate(model.TrueCoefficientCovariance(true), 6, 4, CovarianceStructureKind.Unrestricted), 2, true);
        for (var a = 0; a < 6; a++)
            for (var b = 0; b < 6; b++)
            {
                // Relative standard error of a covariance entry from R = 3000 draws is about sqrt(2/3000) = 2.6%.
                Assert.Equal(truth.ShiftBlock(a, b)[0, 0], estimate.ShiftBlock(a, b)[0, 0], 0.12 * 0.01 + 1e-4 * (a == b ? 1 : 0));
                Assert.Equal(truth.DeltaBlock(a, b)[1, 1], estimate.DeltaBlock(a, b)[1, 1], 0.12 * 0.0025);
                Assert.Equal(0.0, estimate.CrossBlock(a, b)[0, 0], 0.12 * 0.005);
            }
    }

    [Fact]
    public void Full_delta_layout_puts_the_diagonal_entries_at_row_major_positions()
    {
        var model = new SyntheticResidualModel(Times: 2, Repetitions: 400, Batch: 32, Dim: 2, Rho: 0.0, NoiseSd: 0.0);
        var samples = CoefficientSamples.Fit(model.Sample(4), ridge: 0, diagonalDelta: false);
        Assert.Equal(6, samples.ModesPerTime);
        // With no noise the fit is exact: the off-diagonal Delta entries (positions 1 and 2) are zero in every repetition.
        for (var r = 0; r < samples.Repetitions; r++)
        {
            Assert.Equal(0.0, samples.Stacked[r, 1], 10);
            Assert.Equal(0.0, samples.Stacked[r, 2], 10);
        }
    }
}
