using System.Text.RegularExpressions;
using ScoreProbe.Cli.Report;
using SkiaSharp;

namespace ScoreProbe.Cli.Tests.Report;

/// <summary>The report opened in a real browser: every figure must decode, offline, from the page alone.</summary>
[Trait("Category", "Slow")]
public class ReportInBrowserTests
{
    [Fact]
    public void Every_figure_loads_in_headless_chromium()
    {
        using var dir = new TempDirectory();
        SampleRecords.WriteTo(dir.Path);
        var outcome = ReportBuilder.Build(dir.Path, _ => { });
        // The page must not need the figures/ folder: the browser sees only report.html.
        Directory.Delete(dir.File(ReportBuilder.FiguresDirName), recursive: true);
        var expected = SampleRecords.All().Sum(r => r.Figures.Count);

        var dom = HeadlessChromium.DumpDom(outcome.HtmlPath);

        var body = Regex.Match(dom, "<body[^>]*>").Value;
        Assert.Contains($"data-figure-count=\"{expected}\"", body);
        Assert.Contains($"data-loaded-count=\"{expected}\"", body);
        Assert.Equal(expected, Regex.Matches(dom, "<img data-figure-id=").Count);
        Assert.DoesNotContain("data-broken=\"true\"", dom);
    }

    [Fact]
    public void Screenshot_of_the_report_is_not_blank()
    {
        using var dir = new TempDirectory();
        SampleRecords.WriteTo(dir.Path);
        var outcome = ReportBuilder.Build(dir.Path, _ => { });
        var png = dir.File("screenshot.png");

        HeadlessChromium.Screenshot(outcome.HtmlPath, png, 1280, 2400);

        using var bitmap = SKBitmap.Decode(png);
        Assert.Equal(1280, bitmap.Width);
        var inked = bitmap.Pixels.Count(p => p.Red < 200 || p.Green < 200 || p.Blue < 200);
        Assert.True(inked > bitmap.Pixels.Length / 100, $"only {inked} dark pixels in the screenshot");
    }
}
