using ScottPlot;

namespace ScoreProbe.Cli.Report;

/// <summary>A figure drawn: PNG bytes and SVG text at <see cref="FigureStyle.Width"/> x <see cref="FigureStyle.Height"/>.</summary>
public sealed record RenderedFigure(FigureRecord Figure, byte[] Png, string Svg);

/// <summary>
/// Turns a <see cref="FigureRecord"/> into a ScottPlot plot: series as lines and/or markers with shaded confidence
/// bands, fitted lines with their slope in the legend, heat maps with a colour bar; log axes plot log10 of the data
/// with <see cref="LogTickGenerator"/> labels.
/// </summary>
public static class FigureRenderer
{
    public static RenderedFigure Render(FigureRecord figure)
    {
        using var plot = BuildPlot(figure);
        return NativeOutputSilencer.Run(() =>
        {
            var png = plot.GetImageBytes(FigureStyle.Width, FigureStyle.Height, ImageFormat.Png);
            var svg = plot.GetSvgXml(FigureStyle.Width, FigureStyle.Height);
            return new RenderedFigure(figure, png, SharpImages(svg));
        });
    }

    /// <summary>
    /// Heat maps reach the SVG as one bitmap pixel per cell, scaled up; browsers smooth scaled bitmaps by default,
    /// which blurs the cells into a gradient. Ask for nearest-neighbour scaling, as the PNG has.
    /// </summary>
    private static string SharpImages(string svg) => svg.Replace("<image ", "<image style=\"image-rendering:pixelated\" ");

    /// <summary>The plot before rendering; its plottables hold the data in plotted (log10 where logarithmic) coordinates.</summary>
    public static Plot BuildPlot(FigureRecord figure)
    {
        var plot = new Plot();
        ApplyStyle(plot, figure);
        if (figure.Kind == FigureKind.Heatmap && figure.Heatmap is { } heatmap)
            AddHeatmap(plot, heatmap);
        else
            AddSeriesAndFits(plot, figure);
        return plot;
    }

    private static void ApplyStyle(Plot plot, FigureRecord figure)
    {
        plot.Font.Set(FigureStyle.FontName);
        plot.Title(figure.Title, FigureStyle.TitleSize);
        plot.XLabel(figure.XLabel, FigureStyle.AxisLabelSize);
        plot.YLabel(figure.YLabel, FigureStyle.AxisLabelSize);
        foreach (var axis in new IAxis[] { plot.Axes.Bottom, plot.Axes.Left })
        {
            axis.TickLabelStyle.FontSize = FigureStyle.TickLabelSize;
            axis.Label.Bold = false;
        }
        plot.Grid.MajorLineColor = Colors.Black.WithOpacity(0.12);
        plot.Grid.MinorLineColor = Colors.Black.WithOpacity(0.05);
        // Minor grid lines only where they carry information: the 2..9 subdivisions of a log decade.
        plot.Grid.XAxisStyle.MinorLineStyle.Width = figure.LogX ? 1 : 0;
        plot.Grid.YAxisStyle.MinorLineStyle.Width = figure.LogY ? 1 : 0;
        if (figure.LogX) plot.Axes.Bottom.TickGenerator = new LogTickGenerator();
        if (figure.LogY) plot.Axes.Left.TickGenerator = new LogTickGenerator();
    }

    private static void AddSeriesAndFits(Plot plot, FigureRecord figure)
    {
        var plotted = new List<(double U, double V)>();
        for (var s = 0; s < figure.Series.Count; s++)
        {
            var series = figure.Series[s];
            var color = FigureStyle.SeriesColor(s);
            if (series.Lower is not null && series.Upper is not null) AddBand(plot, figure, series, color);

            var points = Enumerable.Range(0, series.X.Length)
                .Where(i => AxisScale.IsPlottable(series.X[i], figure.LogX) && AxisScale.IsPlottable(series.Y[i], figure.LogY))
                .Select(i => (U: AxisScale.ToPlot(series.X[i], figure.LogX), V: AxisScale.ToPlot(series.Y[i], figure.LogY)))
                .ToArray();
            if (points.Length == 0) continue;
            plotted.AddRange(series.Style == SeriesStyle.Markers ? points : AlongSegments(points));
            var line = plot.Add.Scatter(points.Select(p => p.U).ToArray(), points.Select(p => p.V).ToArray(), color);
            line.LegendText = series.Label;
            StyleSeries(line, series.Style);
        }

        for (var f = 0; f < figure.Fits.Count; f++)
        {
            var fit = figure.Fits[f];
            double[] u = [AxisScale.ToPlot(fit.XMin, figure.LogX), AxisScale.ToPlot(fit.XMax, figure.LogX)];
            double[] v = [fit.Intercept + fit.Slope * u[0], fit.Intercept + fit.Slope * u[1]];
            var color = f < figure.Series.Count ? FigureStyle.SeriesColor(f) : Colors.Black;
            var line = plot.Add.Scatter(u, v, color);
            line.LegendText = FitLegend(fit);
            line.MarkerSize = 0;
            line.LineWidth = FigureStyle.LineWidth;
            line.LinePattern = LinePattern.Dashed;
            plotted.AddRange(AlongSegments([(u[0], v[0]), (u[1], v[1])]));
        }

        var labelled = figure.Series.Count + figure.Fits.Count;
        if (labelled > 1 || figure.Fits.Count > 0) PlaceLegend(plot, plotted);
    }

    /// <summary>Points spread along each segment, so that the legend avoids lines as well as markers.</summary>
    private static IEnumerable<(double U, double V)> AlongSegments(IReadOnlyList<(double U, double V)> points)
    {
        const int perSegment = 8;
        if (points.Count == 1) return points;
        return points.Zip(points.Skip(1)).SelectMany(pair => Enumerable.Range(0, perSegment).Select(i =>
        {
            var t = i / (double)perSegment;
            return (pair.First.U + t * (pair.Second.U - pair.First.U), pair.First.V + t * (pair.Second.V - pair.First.V));
        })).Append(points[^1]);
    }

    private static void AddBand(Plot plot, FigureRecord figure, SeriesRecord series, Color color)
    {
        var band = Enumerable.Range(0, series.X.Length)
            .Where(i => AxisScale.IsPlottable(series.X[i], figure.LogX)
                        && AxisScale.IsPlottable(series.Lower![i], figure.LogY)
                        && AxisScale.IsPlottable(series.Upper![i], figure.LogY))
            .ToArray();
        if (band.Length < 2) return;
        var fill = plot.Add.FillY(
            band.Select(i => AxisScale.ToPlot(series.X[i], figure.LogX)).ToArray(),
            band.Select(i => AxisScale.ToPlot(series.Lower![i], figure.LogY)).ToArray(),
            band.Select(i => AxisScale.ToPlot(series.Upper![i], figure.LogY)).ToArray());
        fill.FillStyle.Color = color.WithOpacity(FigureStyle.BandOpacity);
        fill.LineWidth = 0;
        fill.MarkerSize = 0;
    }

    private static void StyleSeries(ScottPlot.Plottables.Scatter line, SeriesStyle style)
    {
        line.LineWidth = style == SeriesStyle.Markers ? 0 : FigureStyle.LineWidth;
        line.MarkerSize = style switch
        {
            SeriesStyle.Markers => FigureStyle.MarkerSize,
            SeriesStyle.LineAndMarkers => FigureStyle.MarkerSize - 1,
            _ => 0,
        };
        if (style == SeriesStyle.Dashed) line.LinePattern = LinePattern.Dashed;
    }

    /// <summary>"label (slope 2.013 [1.98, 2.05])".</summary>
    public static string FitLegend(FitRecord fit)
    {
        var slope = NumberFormat.Format(fit.Slope, 3);
        var interval = fit is { SlopeLower: { } lo, SlopeUpper: { } hi }
            ? $" [{NumberFormat.Format(lo, 3)}, {NumberFormat.Format(hi, 3)}]"
            : "";
        return $"{fit.Label} (slope {slope}{interval})";
    }

    /// <summary>
    /// ScottPlot has no "best" legend location: put it in the corner whose quarter of the data area holds the fewest
    /// plotted points, so that it hides as little as possible.
    /// </summary>
    private static void PlaceLegend(Plot plot, IReadOnlyList<(double U, double V)> points)
    {
        plot.Legend.IsVisible = true;
        plot.Legend.FontSize = FigureStyle.LegendSize;
        plot.Legend.FontName = FigureStyle.FontName;
        plot.Legend.ShadowFillStyle.IsVisible = false;
        plot.Legend.OutlineColor = Colors.Black.WithOpacity(0.3);
        plot.Legend.BackgroundColor = Colors.White.WithOpacity(0.9);
        plot.Axes.AutoScale();
        var limits = plot.Axes.GetLimits();
        int Crowd(bool right, bool top) => points.Count(p =>
            (right ? p.U >= limits.HorizontalCenter : p.U <= limits.HorizontalCenter)
            && (top ? p.V >= limits.VerticalCenter : p.V <= limits.VerticalCenter));
        (Alignment Corner, int Count)[] corners =
        [
            (Alignment.UpperRight, Crowd(right: true, top: true)),
            (Alignment.UpperLeft, Crowd(right: false, top: true)),
            (Alignment.LowerRight, Crowd(right: true, top: false)),
            (Alignment.LowerLeft, Crowd(right: false, top: false)),
        ];
        plot.Legend.Alignment = corners.MinBy(c => c.Count).Corner;
    }

    private static void AddHeatmap(Plot plot, HeatmapRecord heatmap)
    {
        var (intensities, x, y) = HeatmapCells(heatmap);
        var hm = plot.Add.Heatmap(intensities);
        hm.FlipVertically = true; // ScottPlot draws row 0 at the top like an image; the record puts it at the bottom.
        // ScottPlot reads Position as the rectangle through the centres of the corner cells (cell size = span / (n - 1)).
        hm.Position = new CoordinateRect(x[0], x[^1], y[0], y[^1]);
        var finite = heatmap.Values.SelectMany(row => row).Where(double.IsFinite).DefaultIfEmpty(0).ToArray();
        if (heatmap.Diverging)
        {
            var largest = finite.Max(Math.Abs);
            var half = largest > 0 ? largest : 1;
            hm.Colormap = new ScottPlot.Colormaps.Balance();
            hm.ManualRange = new ScottPlot.Range(-half, half);
        }
        else
        {
            // Set from the finite cells: NaN cells (drawn transparent) must not reach the colour range.
            var (min, max) = (finite.Min(), finite.Max());
            hm.Colormap = new ScottPlot.Colormaps.Viridis();
            hm.ManualRange = min < max ? new ScottPlot.Range(min, max) : new ScottPlot.Range(min - 0.5, max + 0.5);
        }
        var bar = plot.Add.ColorBar(hm);
        bar.Label = heatmap.ColorbarLabel;
        bar.LabelStyle.FontSize = FigureStyle.AxisLabelSize;
        bar.LabelStyle.Bold = false;
        bar.Axis.TickLabelStyle.FontSize = FigureStyle.TickLabelSize;
        plot.Axes.Margins(0, 0);
    }

    /// <summary>
    /// The cells as ScottPlot's [row, column] array with their centre coordinates. A single row or column is split in
    /// two half-width copies: ScottPlot derives the cell size from the distance between centres, which one cell lacks.
    /// </summary>
    private static (double[,] Intensities, double[] X, double[] Y) HeatmapCells(HeatmapRecord heatmap)
    {
        var x = heatmap.X ?? Indices(heatmap.Values[0].Length);
        var y = heatmap.Y ?? Indices(heatmap.Values.Length);
        var columnOf = Enumerable.Range(0, x.Length).ToArray();
        var rowOf = Enumerable.Range(0, y.Length).ToArray();
        if (x.Length == 1) (x, columnOf) = ([x[0] - 0.25, x[0] + 0.25], [0, 0]);
        if (y.Length == 1) (y, rowOf) = ([y[0] - 0.25, y[0] + 0.25], [0, 0]);
        var intensities = new double[rowOf.Length, columnOf.Length];
        for (var r = 0; r < rowOf.Length; r++)
            for (var c = 0; c < columnOf.Length; c++)
                intensities[r, c] = heatmap.Values[rowOf[r]][columnOf[c]];
        return (intensities, x, y);
    }

    private static double[] Indices(int count) => Enumerable.Range(0, count).Select(i => (double)i).ToArray();
}
