using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Tests.Report;

public class ExperimentRecordValidationTests
{
    private static ExperimentRecord With(params FigureRecord[] figures) =>
        new("v", "title", "claim", new VerdictRecord(true, "summary"), Figures: figures);

    private static readonly SeriesRecord Good = new("s", [1, 2], [3, 4]);

    [Fact]
    public void Sample_records_have_no_problems()
    {
        foreach (var record in SampleRecords.All()) Assert.Empty(ExperimentRecordValidation.Problems(record));
    }

    public static TheoryData<FigureRecord, string> BrokenFigures => new()
    {
        { ReportFigures.Lines("a b", "t", "x", "y", [Good]), "id must be" },
        { ReportFigures.Lines("f", "t", "x", "y", []), "has no series" },
        { ReportFigures.Lines("f", "t", "x", "y", [Good with { Lower = [1, 2] }]), "both lower and upper" },
        { ReportFigures.Lines("f", "t", "x", "y", [Good with { Lower = [1], Upper = [2] }]), "band has 1/1 values for 2 points" },
        { ReportFigures.Lines("f", "t", "x", "y", [Good with { Style = (SeriesStyle)9 }]), "unknown style" },
        { new FigureRecord("f", (FigureKind)7, "t", "x", "y", Series: [Good]), "kind 7 is not one of" },
        { ReportFigures.LogLogFit("f", "t", "x", "y", [Good], [new FitRecord("fit", 2, 0, 0, 1)]), "range [0, 1] is empty or not on the x axis" },
        { ReportFigures.Lines("f", "t", "x", "y", [Good]) with { Fits = [new FitRecord("fit", double.NaN, 0, 1, 2)] }, "non-finite slope" },
        { new FigureRecord("f", FigureKind.Heatmap, "t", "x", "y"), "needs a heatmap block" },
        { ReportFigures.Heatmap("f", "t", "x", "y", [[1.0, 2.0], [3.0]], "c"), "rows differ in length" },
        { ReportFigures.Heatmap("f", "t", "x", "y", [[1.0, 2.0, 3.0]], "c", x: [0, 1, 5]), "evenly spaced" },
        { ReportFigures.Heatmap("f", "t", "x", "y", [[1.0, 2.0]], "c", y: [0, 1]), "heatmap y has 2 values for 1 rows" },
    };

    [Theory]
    [MemberData(nameof(BrokenFigures))]
    public void Broken_figures_are_reported_by_id(FigureRecord figure, string problem)
    {
        var problems = ExperimentRecordValidation.Problems(With(figure));

        Assert.Contains(problems, p => p.StartsWith($"figure '{figure.Id}': ") && p.Contains(problem));
    }

    [Theory]
    [InlineData("../outside.png")]
    [InlineData("/tmp/absolute.png")]
    [InlineData("samples/grid.svg")]
    public void Images_must_be_png_files_inside_the_record_folder(string file)
    {
        var record = SampleRecords.EpsilonScaling() with { Images = [new ImageRecord("grid", "t", file)] };
        Assert.Equal([$"image 'grid': file '{file}' must be a .png path inside the record's folder"], ExperimentRecordValidation.Problems(record));
    }

    [Fact]
    public void Duplicate_figure_ids_and_ragged_tables_are_reported()
    {
        var figure = ReportFigures.Lines("f", "t", "x", "y", [Good]);
        var record = With(figure, figure) with { Tables = [new TableRecord("tab", ["a", "b"], [[1]])] };

        var problems = ExperimentRecordValidation.Problems(record);

        Assert.Contains("figure id 'f' is used 2 times", problems);
        Assert.Contains("table 'tab': row 0 has 1 cells for 2 columns", problems);
    }
}
