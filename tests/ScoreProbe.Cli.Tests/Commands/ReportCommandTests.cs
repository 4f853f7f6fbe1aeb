using ScoreProbe.Cli.Experiments;
using ScoreProbe.Cli.Tests.Fuzz;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary><c>scoreprobe report DIR</c> reads and writes DIR: issue 14's unusable folders are refused before any figure is drawn.</summary>
[Collection(ConsoleCapture.Name)]
public class ReportCommandTests
{
    [Fact]
    public void A_file_or_an_empty_name_as_the_results_folder_is_a_one_line_error()
    {
        using var dir = new TempDirectory();
        File.WriteAllText(dir.File("records.json"), "{}");
        var (code, error) = ConsoleCapture.Run("report", dir.File("records.json"));
        Assert.Equal(2, code);
        Assert.Equal($"error: '{dir.File("records.json")}' is a file; pass the folder of experiment records (the --out folder of `scoreprobe experiment`)", error);
        (code, error) = ConsoleCapture.Run("report", "");
        Assert.Equal(2, code);
        Assert.StartsWith("error: the results folder '' is empty", error);
    }

    [Fact]
    public void A_read_only_results_folder_is_refused_before_any_figure_is_drawn()
    {
        using var dir = new TempDirectory();
        var records = dir.File("records");
        ExperimentRunner.Run(ExperimentCatalog.Select("tightness"), new ExperimentSettings(true, 0), records, force: false);
        var before = Directory.GetFileSystemEntries(records);
        ReadOnlyFolder.Create(records);
        try
        {
            var (code, error) = ConsoleCapture.Run("report", records);
            if (!ReadOnlyFolder.Supported) return;
            Assert.Equal(2, code);
            Assert.StartsWith($"error: the report in '{records}' cannot be written: report.html '", error);
            Assert.Equal(before, Directory.GetFileSystemEntries(records));
        }
        finally
        {
            ReadOnlyFolder.ReleaseUnder(dir.Path);
        }
    }
}
