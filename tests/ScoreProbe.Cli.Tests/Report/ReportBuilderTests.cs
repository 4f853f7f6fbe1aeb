using ScoreProbe.Core;
using System.Text.RegularExpressions;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Tests.Report;

public class ReportBuilderTests
{
    [Fact]
    public void Report_shows_every_figure_verdict_claim_and_number()
    {
        using var dir = new TempDirectory();
        SampleRecords.WriteTo(dir.Path);
        var warnings = new List<string>();

        var outcome = ReportBuilder.Build(dir.Path, warnings.Add);

        var html = File.ReadAllText(outcome.HtmlPath);
        Assert.Empty(warnings);
        foreach (var record in SampleRecords.All())
        {
            Assert.Contains($"id=\"{record.Name}\"", html);
            Assert.Contains(System.Net.WebUtility.HtmlEncode(record.Claim), html);
            foreach (var figure in record.Figures)
            {
                var stem = $"{record.Name}-{figure.Id}";
                Assert.Single(Regex.Matches(html, $"<img data-figure-id=\"{Regex.Escape(stem)}\"[^>]*src=\"data:image/svg\\+xml;base64,"));
                Assert.True(new FileInfo(dir.File($"figures/{stem}.png")).Length > 10_000, stem);
                Assert.StartsWith("<?xml", File.ReadAllText(dir.File($"figures/{stem}.svg")));
            }
        }
        Assert.Contains("<span class=\"badge ok\">reproduced</span>", html);
        Assert.Contains("<span class=\"badge fail\">not reproduced</span>", html);
        Assert.Contains("Summary: 1 of 2 claims reproduced", html);
        Assert.Contains("slope = 2 [2, 2]", html); // key number of eps-scaling: the exact power law has slope 2
        Assert.Contains("12.5 s", html);
        Assert.DoesNotContain("http", html); // offline: nothing is fetched
    }

    [Fact]
    public void Images_are_embedded_byte_for_byte_and_a_missing_one_is_a_warning()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.File("samples"));
        byte[] png = [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, 1, 2, 3];
        File.WriteAllBytes(dir.File("samples/a.png"), png);
        var record = SampleRecords.EpsilonScaling() with
        {
            Images = [new ImageRecord("grid-a", "run a, step 10", "samples/a.png", "first seed"), new ImageRecord("grid-b", "run b", "samples/b.png")],
        };
        record.Write(dir.Path, "test", new { }, new());
        var warnings = new List<string>();

        var outcome = ReportBuilder.Build(dir.Path, warnings.Add);

        var html = File.ReadAllText(outcome.HtmlPath);
        Assert.Contains($"src=\"data:image/png;base64,{Convert.ToBase64String(png)}\"", html);
        Assert.Contains("<a href=\"samples/a.png\">PNG</a>", html);
        Assert.Equal(["eps-scaling.json: image 'grid-b' names samples/b.png, which does not exist; left out"], warnings);
        Assert.Single(Regex.Matches(html, "data:image/png;base64,"));
    }

    [Fact]
    public void Malformed_records_are_named_in_warnings_and_other_json_is_ignored()
    {
        using var dir = new TempDirectory();
        SampleRecords.WriteTo(dir.Path);
        File.WriteAllText(dir.File("kernel.json"), """{"schema_version": 1, "command": "kernel", "q": 0.5}""");
        File.WriteAllText(dir.File("truncated.json"), """{"schema_version": 1, "verdict": {""");
        File.WriteAllText(dir.File("bad-kind.json"), """{"schema_version": 1, "name": "b", "title": "t", "claim": "c", "verdict": {"reproduced": true, "summary": "s"}, "figures": [{"id": "f", "kind": "pie", "title": "t", "x_label": "x", "y_label": "y"}]}""");
        var warnings = new List<string>();

        var outcome = ReportBuilder.Build(dir.Path, warnings.Add);

        Assert.Equal(2, outcome.Experiments.Count);
        Assert.Equal(2, warnings.Count);
        Assert.Contains(warnings, w => w.StartsWith("bad-kind.json: "));
        Assert.Contains(warnings, w => w.StartsWith("truncated.json: "));
        Assert.Contains("truncated.json", File.ReadAllText(outcome.HtmlPath));
    }

    [Fact]
    public void Missing_directory_is_a_usage_error_and_writes_nothing()
    {
        using var parent = new TempDirectory();
        var missing = parent.File("nope");

        Assert.Equal(2, CliApp.Run(["report", missing]));
        var error = Assert.Throws<InvalidConfigurationException>(() => ReportBuilder.Build(missing, _ => { }));
        Assert.Contains("does not exist", error.Message);
        Assert.False(Directory.Exists(missing));
    }

    [Fact]
    public void Directory_without_records_is_a_usage_error_and_writes_nothing()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("kernel.json"), """{"schema_version": 1, "command": "kernel"}""");

        Assert.Equal(2, CliApp.Run(["report", dir.Path]));
        var error = Assert.Throws<InvalidConfigurationException>(() => ReportBuilder.Build(dir.Path, _ => { }));
        Assert.Equal($"no result records in {dir.Path}; run `scoreprobe experiment all --quick --out {dir.Path}` first", error.Message);
        Assert.Equal([dir.File("kernel.json")], Directory.GetFileSystemEntries(dir.Path));
    }

    [Fact]
    public void Report_command_exits_zero_and_writes_the_page()
    {
        using var dir = new TempDirectory();
        SampleRecords.WriteTo(dir.Path);

        Assert.Equal(0, CliApp.Run(["report", dir.Path]));
        Assert.True(File.Exists(dir.File(ReportBuilder.HtmlFileName)));
    }
}
