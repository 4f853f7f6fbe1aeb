using System.CommandLine;
using ScoreProbe.Cli.Experiments;
using ScoreProbe.Cli.Infrastructure;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe experiment NAME|all [--quick] --out DIR</c>: paper 000's experiments, each a result record with its verdict.</summary>
public static class ExperimentCommand
{
    public static Command Build()
    {
        var name = new Argument<string>("name") { Description = $"{string.Join(" | ", ExperimentCatalog.All.Select(e => e.Name))} | all" };
        var quick = new Option<bool>("--quick") { Description = "Scaled-down sizes (seconds per experiment)" };
        var outDir = new Option<string>("--out") { Description = "Folder for NAME.json result records", DefaultValueFactory = _ => "out/experiments" }.WritesFolder();
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 0 };
        var force = new Option<bool>("--force") { Description = "Re-run experiments whose result file is already there" };
        var command = new Command("experiment", "Run paper 000's experiments (§6-§8) and write result records with verdicts");
        command.Arguments.Add(name);
        foreach (var o in new Option[] { quick, outDir, seed, force }) command.Options.Add(o);
        command.SetAction(parse =>
        {
            var experiments = ExperimentCatalog.Select(parse.GetValue(name)!);
            var outcomes = ExperimentRunner.Run(experiments, new ExperimentSettings(parse.GetValue(quick), parse.GetValue(seed)), parse.GetValue(outDir)!, parse.GetValue(force));
            PrintSummary(outcomes);
            return 0;
        });
        return command;
    }

    public static void PrintSummary(IReadOnlyList<ExperimentRunner.Outcome> outcomes)
    {
        var table = new Table().Title("experiments");
        foreach (var c in new[] { "paper", "experiment", "verdict", "key number", "seconds" }) table.AddColumn(c);
        foreach (var o in outcomes)
            table.AddRow(ExperimentCatalog.Paper(o.Name), Markup.Escape(o.Name), o.Reproduced ? "[green]reproduced[/]" : "[red]not reproduced[/]", Markup.Escape(o.KeyNumber),
                $"{o.Seconds:F1}{(o.Reused ? " (reused)" : "")}");
        AnsiConsole.Write(table);
    }
}
