using MathNet.Numerics.Distributions;

namespace ScoreProbe.Core.Statistics;

/// <summary>
/// Ordinary least-squares line y = Intercept + Slope x. The slope's standard error is
/// se = sqrt( (sum r_i^2 / (n - 2)) / sum (x_i - xbar)^2 ) and its 95% interval is Slope +- t_{0.975, n-2} se.
/// </summary>
public sealed record LinearFit(double Intercept, double Slope, double SlopeStandardError, double SlopeLower95, double SlopeUpper95, double RSquared, int N)
{
    public static LinearFit Ols(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x and y must have equal length (got {x.Count} and {y.Count}).");
        var n = x.Count;
        if (n < 3) throw new ArgumentException($"a line fit with a standard error needs at least 3 points (got {n}).");
        double mx = x.Average(), my = y.Average(), sxx = 0, sxy = 0, syy = 0;
        for (var i = 0; i < n; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxx += dx * dx; sxy += dx * dy; syy += dy * dy;
        }
        if (sxx == 0) throw new ArgumentException("x is constant; the slope is undefined.");
        var slope = sxy / sxx;
        var intercept = my - slope * mx;
        var residualSquares = Math.Max(0.0, syy - slope * sxy);
        var se = Math.Sqrt(residualSquares / (n - 2) / sxx);
        var half = StudentT.InvCDF(0.0, 1.0, n - 2, 0.975) * se;
        var r2 = syy == 0 ? 1.0 : 1.0 - residualSquares / syy;
        return new LinearFit(intercept, slope, se, slope - half, slope + half, r2, n);
    }
}
