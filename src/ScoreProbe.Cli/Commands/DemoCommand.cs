using ScoreProbe.Cli.Infrastructure;
using System.CommandLine;
using ScoreProbe.Cli.Experiments;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core.IO;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe demo</c>, the README's main job: the kernel expansion on its defaults against Monte Carlo, then every
/// experiment in its quick form (paper 000's claims; paper 004's SPDE band and SIEM beside the exact E W2^2 on Gaussian
/// data), then one HTML report of both papers. Finished experiments are reused when the demo is run again.
/// </summary>
public static class DemoCommand
{
    public static Command Build()
    {
        var outDir = new Option<string>("--out") { Description = "Folder for the records and the report", DefaultValueFactory = _ => "out/demo" }.WritesFolder();
        var seed = new Option<int>("--seed") { Description = "Seed of every random draw", DefaultValueFactory = _ => 0 };
        var command = new Command("demo", "Kernel prediction vs Monte Carlo on the defaults, the quick experiments of both papers and their HTML report");
        command.Options.Add(outDir);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            var dir = parse.GetValue(outDir)!;
            var s = parse.GetValue(seed);
            // Everything the three steps write lies under --out: check all of it before the first step starts.
            var kernelJson = OutputPath.EnsureFile("out", Path.Combine(dir, "runs", "kernel.json"));
            ExperimentRunner.CheckRecordPaths(ExperimentCatalog.All, dir);
            ReportCommand.CheckedFolder(dir);
            Console.WriteLine("1/3 scoreprobe kernel (defaults): E W2^2 = E0 + Edisc + Q against Monte Carlo");
            var kernelStatus = CliApp.Run(["kernel", "--seed", s.ToString(), "--json", kernelJson]);
            if (kernelStatus != 0) return kernelStatus;
            Console.WriteLine("2/3 scoreprobe experiment all --quick: paper 000's claims, paper 004's SPDE band and SIEM against the exact E W2^2");
            var outcomes = ExperimentRunner.Run(ExperimentCatalog.All, new ExperimentSettings(Quick: true, s), dir, force: false);
            Console.WriteLine("3/3 scoreprobe report");
            var report = ReportBuilder.Build(dir, warning => Console.Error.WriteLine($"warning: {warning}"));
            ExperimentCommand.PrintSummary(outcomes);
            var byPaper = outcomes.GroupBy(o => ExperimentCatalog.Paper(o.Name)).OrderBy(g => g.Key)
                .Select(g => $"paper {g.Key}: {g.Count(o => o.Reproduced)}/{g.Count()} claims reproduced");
            Console.WriteLine($"{string.Join("; ", byPaper)}; report: {Path.GetFullPath(report.HtmlPath)}");
            return 0;
        });
        return command;
    }
}
