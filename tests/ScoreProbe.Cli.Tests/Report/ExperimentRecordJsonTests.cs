using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Tests.Report;

public class ExperimentRecordJsonTests
{
    private static string Serialize(ExperimentRecord record) => JsonSerializer.Serialize(record, ResultJson.Options);

    private static string FileText(ExperimentRecord record) =>
        record.ToJson("experiment test", new { seed = 7 }, new JsonObject { ["total_seconds"] = 3.25 }).ToJsonString(ResultJson.Options);

    [Fact]
    public void Records_round_trip_through_the_result_file()
    {
        foreach (var record in SampleRecords.All())
        {
            var file = ExperimentFile.Parse(record.Name + ".json", FileText(record));

            Assert.NotNull(file);
            Assert.Equal(Serialize(record), Serialize(file.Record));
            Assert.Equal("experiment test", file.Command);
            Assert.Equal(7, file.Config!["seed"]!.GetValue<int>());
            Assert.Equal(3.25, file.TotalSeconds);
        }
    }

    [Fact]
    public void Json_uses_the_documented_snake_case_names_and_enum_spellings()
    {
        var json = JsonNode.Parse(FileText(SampleRecords.EpsilonScaling()))!.AsObject();

        foreach (var key in new[] { "schema_version", "command", "config", "versions", "timing", "name", "title", "claim", "verdict", "numbers", "figures", "tables" })
            Assert.True(json.ContainsKey(key), key);
        var figure = json["figures"]![0]!;
        Assert.Equal("loglog_fit", figure["kind"]!.GetValue<string>());
        Assert.True(figure["log_x"]!.GetValue<bool>());
        Assert.Equal("markers", figure["series"]![0]!["style"]!.GetValue<string>());
        Assert.NotNull(figure["series"]![0]!["lower"]);
        Assert.Equal(2.0, figure["fits"]![0]!["slope_lower"]!.GetValue<double>(), 9);
        Assert.True(json["figures"]![2]!["heatmap"]!["diverging"]!.GetValue<bool>());
        // Table numbers stay numbers in the file, text stays text.
        var row = json["tables"]![0]!["rows"]![0]!.AsArray();
        Assert.Equal(JsonValueKind.Number, row[0]!.GetValueKind());
        Assert.Equal("EM", row[2]!.GetValue<string>());
    }

    [Fact]
    public void Line_and_markers_style_and_non_finite_numbers_round_trip()
    {
        var series = new SeriesRecord("s", [1, 2], [double.NaN, 3], Style: SeriesStyle.LineAndMarkers);
        var record = new ExperimentRecord("nan", "t", "c", new VerdictRecord(false, "s", [new CheckRecord("c", double.PositiveInfinity, "finite", false)]),
            Figures: [new FigureRecord("f", FigureKind.Lines, "t", "x", "y", Series: [series])],
            Tables: [new TableRecord("t", ["a"], [[double.NaN]])]);

        var text = FileText(record);
        var back = ExperimentFile.Parse("nan.json", text)!.Record;

        Assert.Equal("line+markers", JsonNode.Parse(text)!["figures"]![0]!["series"]![0]!["style"]!.GetValue<string>());
        Assert.True(double.IsNaN(back.Figures[0].Series[0].Y[0]));
        Assert.Equal(double.PositiveInfinity, back.Verdict.Checks[0].Value);
        Assert.True(double.IsNaN(back.Tables[0].Rows[0][0].Number!.Value));
    }

    [Fact]
    public void Json_without_a_verdict_is_not_an_experiment_record()
    {
        Assert.Null(ExperimentFile.Parse("kernel.json", """{"schema_version": 1, "command": "kernel", "value": 3}"""));
        Assert.Null(ExperimentFile.Parse("list.json", "[1, 2]"));
    }

    [Fact]
    public void An_inconsistent_record_is_rejected_with_the_problem_named()
    {
        var bad = SampleRecords.EpsilonScaling() with
        {
            Figures = [ReportFigures.Lines("f", "t", "x", "y", [new SeriesRecord("short", [1, 2, 3], [1, 2])])],
        };

        var error = Assert.Throws<InvalidDataException>(() => ExperimentFile.Parse("bad.json", FileText(bad)));
        Assert.Contains("series 'short' has 3 x but 2 y values", error.Message);
    }

    [Fact]
    public void A_newer_schema_version_is_rejected()
    {
        var json = JsonNode.Parse(FileText(SampleRecords.EpsilonScaling()))!.AsObject();
        json["schema_version"] = ResultJson.SchemaVersion + 1;

        Assert.Throws<InvalidDataException>(() => ExperimentFile.Parse("new.json", json.ToJsonString()));
    }
}
