using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// Ordinary least squares of v = a + b u, the fit drawn by a <see cref="FitRecord"/>. Used on log10 data it fits the
/// power law y = 10^a x^b (a convergence rate b). The slope's 95% interval is b ± t_{0.975, n-2} se(b) with
/// se(b)^2 = (sum r_i^2 / (n - 2)) / sum (u_i - u_mean)^2 (the textbook OLS standard error, normal residuals).
/// </summary>
public sealed record StraightLineFit(double Slope, double Intercept, double SlopeLower, double SlopeUpper, int Count)
{
    /// <summary>Fits the points (x_i, y_i) in the coordinates a figure plots them in (log10 on a log axis).</summary>
    public static StraightLineFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y, bool logX, bool logY)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x has {x.Count} values but y has {y.Count}");
        var u = new List<double>();
        var v = new List<double>();
        for (var i = 0; i < x.Count; i++)
        {
            if (!AxisScale.IsPlottable(x[i], logX) || !AxisScale.IsPlottable(y[i], logY)) continue;
            u.Add(AxisScale.ToPlot(x[i], logX));
            v.Add(AxisScale.ToPlot(y[i], logY));
        }
        var n = u.Count;
        if (n < 2) throw new ArgumentException($"a straight-line fit needs at least 2 plottable points, got {n}");
        if (n == 2)
        {
            if (u[0] == u[1]) throw new ArgumentException("a straight-line fit needs at least two distinct x values");
            var twoPointSlope = (v[1] - v[0]) / (u[1] - u[0]);
            return new StraightLineFit(twoPointSlope, v[0] - twoPointSlope * u[0], double.NaN, double.NaN, n);
        }
        var fit = LinearFit.Ols(u, v);
        return new StraightLineFit(fit.Slope, fit.Intercept, fit.SlopeLower95, fit.SlopeUpper95, n);
    }

    /// <summary>Power law y = 10^a x^b fitted on log-log axes.</summary>
    public static StraightLineFit PowerLaw(IReadOnlyList<double> x, IReadOnlyList<double> y) => Fit(x, y, logX: true, logY: true);

    /// <summary>The fit as a figure line over [xMin, xMax] (data units).</summary>
    public FitRecord ToRecord(string label, double xMin, double xMax) =>
        new(label, Slope, Intercept, xMin, xMax,
            double.IsNaN(SlopeLower) ? null : SlopeLower,
            double.IsNaN(SlopeUpper) ? null : SlopeUpper);

    /// <summary>The slope as a named number with its 95% interval.</summary>
    public NumberRecord SlopeNumber(string name, string? description = null) =>
        new(name, Slope, double.IsNaN(SlopeLower) ? null : SlopeLower, double.IsNaN(SlopeUpper) ? null : SlopeUpper, description);
}
