using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Tests.Report;

public class StraightLineFitTests
{
    [Fact]
    public void Slope_intercept_and_interval_match_a_hand_computation()
    {
        // u = 0..3, v = (0, 1, 1, 2): Suu = 5, Suv = 3, slope 0.6, intercept 0.1, RSS = 0.2,
        // se = sqrt(0.2 / 2 / 5), t_{0.975, 2} = 4.302652729911275 (published table value).
        var fit = StraightLineFit.Fit([0, 1, 2, 3], [0, 1, 1, 2], logX: false, logY: false);

        var halfWidth = 4.302652729911275 * Math.Sqrt(0.2 / 2 / 5);
        Assert.Equal(0.6, fit.Slope, 12);
        Assert.Equal(0.1, fit.Intercept, 12);
        Assert.Equal(0.6 - halfWidth, fit.SlopeLower, 9);
        Assert.Equal(0.6 + halfWidth, fit.SlopeUpper, 9);
    }

    [Fact]
    public void Power_law_fit_recovers_exponent_and_prefactor()
    {
        var x = SampleRecords.Eps;
        var fit = StraightLineFit.PowerLaw(x, x.Select(SampleRecords.QuadraticLaw).ToArray());

        Assert.Equal(2, fit.Slope, 10);
        Assert.Equal(Math.Log10(3), fit.Intercept, 10);
    }

    [Fact]
    public void Non_positive_values_are_left_out_on_log_axes()
    {
        var fit = StraightLineFit.PowerLaw([0, 1, 10, 100], [5, 2, 20, 200]);

        Assert.Equal(3, fit.Count);
        Assert.Equal(1, fit.Slope, 12);
    }
}
