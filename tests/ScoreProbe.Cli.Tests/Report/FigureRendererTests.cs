using ScoreProbe.Cli.Report;
using ScottPlot;
using SkiaSharp;

namespace ScoreProbe.Cli.Tests.Report;

public class FigureRendererTests
{
    private static SKColor Sk(Color c) => new(c.R, c.G, c.B);

    private static bool Near(SKColor a, SKColor b, int tolerance) =>
        Math.Abs(a.Red - b.Red) <= tolerance && Math.Abs(a.Green - b.Green) <= tolerance && Math.Abs(a.Blue - b.Blue) <= tolerance;

    [Fact]
    public void Png_has_the_paper_size_and_shows_the_data()
    {
        var rendered = FigureRenderer.Render(SampleRecords.EpsilonScaling().Figures[1]);

        using var bitmap = SKBitmap.Decode(rendered.Png);
        Assert.Equal(FigureStyle.Width, bitmap.Width);
        Assert.Equal(FigureStyle.Height, bitmap.Height);
        var pixels = bitmap.Pixels;
        var nonWhite = pixels.Count(p => !Near(p, SKColors.White, 8));
        var firstSeries = pixels.Count(p => Near(p, Sk(FigureStyle.SeriesColor(0)), 40));
        Assert.True(nonWhite > pixels.Length / 50, $"only {nonWhite} of {pixels.Length} pixels are not white");
        Assert.True(firstSeries > 300, $"only {firstSeries} pixels have the first series' colour");
        Assert.StartsWith("<?xml", rendered.Svg);
        Assert.Contains($"width=\"{FigureStyle.Width}\"", rendered.Svg);
    }

    [Fact]
    public void Labels_are_drawn_with_an_installed_font()
    {
        // Without any font SkiaSharp draws no glyphs: the PNG would silently lose every label.
        using var bitmap = SKBitmap.Decode(FigureRenderer.Render(SampleRecords.EpsilonScaling().Figures[1]).Png);

        Assert.Contains(FigureStyle.FontName, SKFontManager.Default.FontFamilies);
        // The top 30 rows hold only the centred title: ink in the middle, none at the left edge where a frame would show.
        bool Inked(int x, int y) => bitmap.GetPixel(x, y) != SKColors.White;
        var rows = Enumerable.Range(0, 30).ToArray();
        Assert.True(rows.Sum(y => Enumerable.Range(200, 400).Count(x => Inked(x, y))) > 200, "no title glyphs drawn");
        Assert.Equal(0, rows.Sum(y => Enumerable.Range(0, 100).Count(x => Inked(x, y))));
    }

    [Fact]
    public void Log_log_fit_line_passes_through_points_on_the_power_law()
    {
        var x = SampleRecords.Eps;
        var y = x.Select(SampleRecords.QuadraticLaw).ToArray();
        var figure = ReportFigures.LogLogFit("fit", "t", "eps", "w2", "measured", x, y);

        using var plot = FigureRenderer.BuildPlot(figure);
        var scatters = plot.GetPlottables().OfType<ScottPlot.Plottables.Scatter>().ToArray();
        var points = scatters.Single(s => s.LegendText == "measured").Data.GetScatterPoints();
        var line = scatters.Single(s => s.LegendText.StartsWith("fit to measured (slope 2")).Data.GetScatterPoints();

        // The data are plotted as log10 values and lie on the plotted fit segment.
        Assert.Equal(x.Select(Math.Log10), points.Select(p => p.X), new ToleranceComparer(1e-12));
        Assert.Equal(y.Select(Math.Log10), points.Select(p => p.Y), new ToleranceComparer(1e-12));
        Assert.Equal(Math.Log10(x[0]), line[0].X, 12);
        Assert.Equal(Math.Log10(x[^1]), line[^1].X, 12);
        var slope = (line[1].Y - line[0].Y) / (line[1].X - line[0].X);
        foreach (var p in points)
            Assert.Equal(p.Y, line[0].Y + slope * (p.X - line[0].X), 9);
    }

    [Fact]
    public void Confidence_band_spans_lower_to_upper()
    {
        var figure = SampleRecords.EpsilonScaling().Figures[1];
        var series = figure.Series[0];

        using var plot = FigureRenderer.BuildPlot(figure);
        var band = plot.GetPlottables().OfType<ScottPlot.Plottables.FillY>().Single();
        var limits = band.GetAxisLimits();

        Assert.Equal(series.Lower!.Min(), limits.Bottom, 12);
        Assert.Equal(series.Upper!.Max(), limits.Top, 12);
    }

    [Fact]
    public void Diverging_heatmap_is_centred_at_zero_with_row_zero_at_the_bottom()
    {
        // Row 0 (bottom) negative, row 1 (top) positive, asymmetric magnitudes.
        var figure = ReportFigures.Heatmap("h", "t", "x", "y", [[-1.0, -1.0], [3.0, 3.0]], "v", diverging: true);

        using var plot = FigureRenderer.BuildPlot(figure);
        var heatmap = plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();
        Assert.Equal(-3, heatmap.ManualRange!.Value.Min);
        Assert.Equal(3, heatmap.ManualRange!.Value.Max);

        using var bitmap = SKBitmap.Decode(plot.GetImageBytes(FigureStyle.Width, FigureStyle.Height, ImageFormat.Png));
        var bottom = plot.GetPixel(new Coordinates(0.5, 0));
        var top = plot.GetPixel(new Coordinates(0.5, 1));
        var low = bitmap.GetPixel((int)bottom.X, (int)bottom.Y);
        var high = bitmap.GetPixel((int)top.X, (int)top.Y);
        Assert.True(low.Blue > low.Red, $"row 0 should be blue (negative), got {low}");
        Assert.True(high.Red > high.Blue, $"row 1 should be red (positive), got {high}");
    }

    [Fact]
    public void Sequential_heatmap_colour_range_ignores_missing_cells()
    {
        var figure = ReportFigures.Heatmap("h", "t", "x", "y", [[double.NaN, 2.0], [5.0, 7.0]], "v");

        using var plot = FigureRenderer.BuildPlot(figure);
        var heatmap = plot.GetPlottables().OfType<ScottPlot.Plottables.Heatmap>().Single();

        Assert.Equal(2, heatmap.ManualRange!.Value.Min);
        Assert.Equal(7, heatmap.ManualRange!.Value.Max);
        Assert.NotEmpty(FigureRenderer.Render(figure).Png);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double a, double b) => Math.Abs(a - b) <= tolerance;
        public int GetHashCode(double value) => 0;
    }
}
