using System.CommandLine;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe report DIR</c>: the static HTML report (and PNG/SVG figures) from the experiment records in DIR.</summary>
public static class ReportCommand
{
    public static Command Build()
    {
        var dir = new Argument<string>("dir") { Description = "Folder holding the experiment result records (*.json)" };
        var command = new Command("report", "Build DIR/report.html and DIR/figures/*.png|svg from the experiment result records in DIR (nothing is re-run)");
        command.Arguments.Add(dir);
        command.SetAction(parse =>
        {
            var folder = CheckedFolder(parse.GetValue(dir)!);
            var outcome = ReportBuilder.Build(folder, warning => Console.Error.WriteLine($"warning: {warning}"));
            var table = new Table().AddColumns("experiment", "verdict", "figures", "checks passed");
            foreach (var experiment in outcome.Experiments)
            {
                var record = experiment.File.Record;
                table.AddRow(
                    Markup.Escape(record.Name),
                    record.Verdict.Reproduced ? "[green]reproduced[/]" : "[red]not reproduced[/]",
                    experiment.Figures.Count.ToString(),
                    $"{record.Verdict.Checks.Count(c => c.Passed)}/{record.Verdict.Checks.Count}");
            }
            AnsiConsole.Write(table);
            Console.WriteLine($"report: {outcome.HtmlPath}");
            return 0;
        });
        return command;
    }

    /// <summary>DIR is both input and output: it must be a folder (existing, or not yet made) where report.html and figures/ can be written.</summary>
    internal static string CheckedFolder(string dir)
    {
        if (dir.Length == 0) throw new InvalidConfigurationException("the results folder '' is empty; pass the --out folder of `scoreprobe experiment`");
        if (File.Exists(dir)) throw new InvalidConfigurationException($"'{dir}' is a file; pass the folder of experiment records (the --out folder of `scoreprobe experiment`)");
        if (!Directory.Exists(dir)) return dir;
        foreach (var (path, folder) in new[] { (Path.Combine(dir, ReportBuilder.HtmlFileName), false), (Path.Combine(dir, ReportBuilder.FiguresDirName), true) })
            if (OutputPath.Problem(path, folder) is { } problem)
                throw new InvalidConfigurationException($"the report in '{dir}' cannot be written: {Path.GetFileName(path)} {problem}");
        return dir;
    }
}
