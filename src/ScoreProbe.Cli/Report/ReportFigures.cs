namespace ScoreProbe.Cli.Report;

/// <summary>
/// Short constructors for the figure records experiments emit, e.g.
/// <code>
/// var fig = ReportFigures.LogLogFit("w2-vs-eps", "E W2^2 against eps", "eps", "E W2^2", "measured", eps, w2);
/// var slope = fig.Fits[0].Slope;
/// </code>
/// </summary>
public static class ReportFigures
{
    /// <summary>A curve without a band.</summary>
    public static SeriesRecord Series(string label, IEnumerable<double> x, IEnumerable<double> y, SeriesStyle style = SeriesStyle.Line) =>
        new(label, x.ToArray(), y.ToArray(), Style: style);

    /// <summary>A curve with its confidence band [lower, upper] (e.g. a Monte Carlo 95% interval).</summary>
    public static SeriesRecord Band(string label, IEnumerable<double> x, IEnumerable<double> y,
        IEnumerable<double> lower, IEnumerable<double> upper, SeriesStyle style = SeriesStyle.Line) =>
        new(label, x.ToArray(), y.ToArray(), lower.ToArray(), upper.ToArray(), style);

    /// <summary>Curves over a shared x axis, with a legend when there is more than one.</summary>
    public static FigureRecord Lines(string id, string title, string xLabel, string yLabel, IEnumerable<SeriesRecord> series,
        bool logX = false, bool logY = false, string? caption = null) =>
        new(id, FigureKind.Lines, title, xLabel, yLabel, logX, logY, series.ToArray(), Caption: caption);

    /// <summary>Points (drawn as markers whatever their style says) and optional fitted lines.</summary>
    public static FigureRecord Scatter(string id, string title, string xLabel, string yLabel, IEnumerable<SeriesRecord> points,
        IEnumerable<FitRecord>? fits = null, bool logX = false, bool logY = false, string? caption = null) =>
        new(id, FigureKind.Scatter, title, xLabel, yLabel, logX, logY,
            points.Select(p => p with { Style = SeriesStyle.Markers }).ToArray(), fits?.ToArray(), Caption: caption);

    /// <summary>Log-log points and the power laws fitted to them; the legend shows each slope.</summary>
    public static FigureRecord LogLogFit(string id, string title, string xLabel, string yLabel,
        IEnumerable<SeriesRecord> points, IEnumerable<FitRecord> fits, string? caption = null) =>
        new(id, FigureKind.LogLogFit, title, xLabel, yLabel, LogX: true, LogY: true,
            points.ToArray(), fits.ToArray(), Caption: caption);

    /// <summary>One set of log-log points with the least-squares power law y = 10^a x^b through them
    /// (<see cref="StraightLineFit.PowerLaw"/>), drawn over the range of the points.</summary>
    public static FigureRecord LogLogFit(string id, string title, string xLabel, string yLabel,
        string label, IReadOnlyList<double> x, IReadOnlyList<double> y, string? caption = null)
    {
        var fit = StraightLineFit.PowerLaw(x, y);
        var positive = x.Where(v => AxisScale.IsPlottable(v, log: true)).ToArray();
        var line = fit.ToRecord($"fit to {label}", positive.Min(), positive.Max());
        return LogLogFit(id, title, xLabel, yLabel, [Series(label, x, y, SeriesStyle.Markers)], [line], caption);
    }

    /// <summary>A guide line y = c x^slope through (x0, y0), drawn on log-log axes over [xMin, xMax]: "slope 2 expected".</summary>
    public static FitRecord ReferenceSlope(string label, double slope, double x0, double y0, double xMin, double xMax) =>
        new(label, slope, Math.Log10(y0) - slope * Math.Log10(x0), xMin, xMax);

    /// <summary>A heat map of values[row][column]: rows go up the y axis, columns along x.</summary>
    public static FigureRecord Heatmap(string id, string title, string xLabel, string yLabel, double[][] values,
        string colorbarLabel, bool diverging = false, double[]? x = null, double[]? y = null, string? caption = null) =>
        new(id, FigureKind.Heatmap, title, xLabel, yLabel,
            Heatmap: new HeatmapRecord(values, colorbarLabel, diverging, x, y), Caption: caption);

    /// <summary>A heat map of a rectangular matrix, <c>values[row, column]</c>.</summary>
    public static FigureRecord Heatmap(string id, string title, string xLabel, string yLabel, double[,] values,
        string colorbarLabel, bool diverging = false, double[]? x = null, double[]? y = null, string? caption = null) =>
        Heatmap(id, title, xLabel, yLabel, ToJagged(values), colorbarLabel, diverging, x, y, caption);

    private static double[][] ToJagged(double[,] values) =>
        Enumerable.Range(0, values.GetLength(0))
            .Select(r => Enumerable.Range(0, values.GetLength(1)).Select(c => values[r, c]).ToArray())
            .ToArray();
}
