using System.CommandLine;
using ScoreProbe.Cli.Report;
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
            var outcome = ReportBuilder.Build(parse.GetValue(dir)!, warning => Console.Error.WriteLine($"warning: {warning}"));
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
}
