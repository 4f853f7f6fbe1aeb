using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Tests.Statistics;

public class LinearFitTests
{
    [Fact]
    public void Ols_matches_hand_computed_slope_error_and_interval()
    {
        // x = (0,1,2), y = (0,2,1): slope 1/2, intercept 1/2, residuals (-1/2, 1, -1/2), se = sqrt(1.5 / 1 / 2).
        var fit = LinearFit.Ols([0, 1, 2], [0, 2, 1]);
        Assert.Equal(0.5, fit.Slope, 14);
        Assert.Equal(0.5, fit.Intercept, 14);
        Assert.Equal(Math.Sqrt(0.75), fit.SlopeStandardError, 12);
        const double t975With1Dof = 12.706204736174698;
        Assert.Equal(0.5 - t975With1Dof * Math.Sqrt(0.75), fit.SlopeLower95, 8);
        Assert.Equal(0.5 + t975With1Dof * Math.Sqrt(0.75), fit.SlopeUpper95, 8);
    }

    [Fact]
    public void LogLog_slope_recovers_an_exact_power_law()
    {
        double[] x = [10, 20, 40, 80, 160];
        var fit = LogLogSlope.Fit(x, x.Select(v => 3.0 * Math.Pow(v, -1.5)).ToArray());
        Assert.Equal(-1.5, fit.Slope, 12);
        Assert.Equal(Math.Log(3.0), fit.Intercept, 10);
        Assert.True(fit.SlopeStandardError < 1e-12);
    }

    [Fact]
    public void Quantiles_match_published_constants()
    {
        Assert.Equal(1.959963984540054, Quantiles.Normal(0.975), 12);
        Assert.Equal(2.2281388519649385, Quantiles.StudentT(0.975, 10), 10);
    }

    [Fact]
    public void Empirical_quantile_interpolates_like_numpy()
    {
        // numpy.quantile([1, 2, 3, 4], 0.25) = 1.75
        Assert.Equal(1.75, EmpiricalQuantile.Of([4, 1, 3, 2], 0.25), 14);
        Assert.Equal(4.0, EmpiricalQuantile.Of([4, 1, 3, 2], 1.0));
    }
}
