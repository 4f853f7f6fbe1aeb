using ScoreProbe.Core;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Evaluation;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe study</c>: seed 004 §7.2 / Table 2 / Figure 2 at any scale. Every checkpoint of the given training runs
/// gets SIEM (0-999 and 900-999), <c>||mu_t||</c>, FID and W2 under several evaluation seeds; the result is an experiment
/// record (<c>OUT/siem-study.json</c>) with Spearman matrices beside the paper's, for <c>scoreprobe report OUT</c>.
/// Per-checkpoint results are cached in <c>OUT/cache/</c>, so a rerun resumes.
/// </summary>
public static class StudyCommand
{
    private const string SamplesDirName = "samples";

    public static Command Build()
    {
        var command = new Command("study", "Evaluate every checkpoint of training runs with SIEM, ||mu_t||, FID and W2; Spearman matrices vs seed 004 Table 2.");
        var runs = new Option<string[]>("--runs") { Description = "Run folders written by 'scoreprobe train' (same data).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output folder: siem-study.json (experiment record) and cache/.", Required = true }.WritesFolder();
        var count = new Option<int>("--n") { Description = "Generated and real samples per metric and seed (paper: 10,000).", DefaultValueFactory = _ => 200 };
        var seeds = new Option<int>("--seeds") { Description = "Evaluation seeds per checkpoint (paper: 5).", DefaultValueFactory = _ => 2 };
        var stride = new Option<int>("--stride") { Description = "SIEM: every k-th timestep over 999..0.", DefaultValueFactory = _ => 20 };
        var strideFirst = new Option<int>("--stride-first") { Description = "SIEM: every k-th timestep within 999..900.", DefaultValueFactory = _ => 5 };
        var epsL = new Option<double>("--eps-l") { Description = "SIEM: width of the Lorentz test function.", DefaultValueFactory = _ => 1.0 };
        var ratio = new Option<string>("--ratio") { Description = "SIEM density ratio: classifier or exact (Gaussian data).", DefaultValueFactory = _ => "classifier" };
        var features = new Option<string>("--features") { Description = $"FID feature network: {string.Join(", ", FeatureNetworks.Forms)}.", DefaultValueFactory = _ => "auto" };
        var blur = new Option<double>("--blur") { Description = "W2: Sinkhorn blur.", DefaultValueFactory = _ => 0.05 };
        var scaling = new Option<double>("--scaling") { Description = "W2: Sinkhorn eps-scaling.", DefaultValueFactory = _ => 0.9 };
        var seed = new Option<int>("--seed") { Description = "First evaluation seed.", DefaultValueFactory = _ => 0 };
        var cache = new Option<string?>("--cache") { Description = "MNIST and feature-network cache folder." };
        var workers = new Option<int>("--workers") { Description = "Worker processes evaluating checkpoints in parallel (one libtorch thread each); about one per core.", DefaultValueFactory = _ => 1 };
        var shard = new Option<string?>("--shard") { Description = "Internal: evaluate only job K, K + N, ... of the study into the cache ('K/N').", Hidden = true };
        foreach (var o in new Option[] { runs, output, count, seeds, stride, strideFirst, epsL, ratio, features, blur, scaling, seed, cache, workers, shard })
            command.Options.Add(o);

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            if (parse.GetValue(seed) < 0) throw new InvalidConfigurationException($"--seed must be >= 0 (got {parse.GetValue(seed)})");
            var options = new StudyOptions(parse.GetValue(count), parse.GetValue(seeds),
                new SiemOptions(SiemRange.Full, parse.GetValue(stride), parse.GetValue(strideFirst), parse.GetValue(epsL)),
                new SinkhornOptions(parse.GetValue(blur), parse.GetValue(scaling)), parse.GetValue(features)!, parse.GetValue(ratio)!,
                (ulong)parse.GetValue(seed));
            var studyRuns = StudyRunner.OpenRuns(parse.GetValue(runs)!);
            options.Validate(studyRuns[0].Record.Config.TrainTimesteps);
            var outDirectory = parse.GetValue(output)!;
            var cacheDirectory = parse.GetValue(cache) ?? MnistPackage.DefaultCacheDirectory;

            var workerCount = parse.GetValue(workers);
            if (workerCount is < 1 or > 64) throw new InvalidConfigurationException($"--workers must be in [1, 64] (got {workerCount}); about one per core");
            var shardOf = parse.GetValue(shard) is { } shardText ? StudyShard.Parse(shardText) : null;

            var clock = Stopwatch.StartNew();
            var evaluations = studyRuns.Sum(r => r.Record.Checkpoints.Count) * options.Seeds;
            var samplesDirectory = Path.Combine(outDirectory, SamplesDirName);
            var runner = new StudyRunner(options, Path.Combine(outDirectory, "cache"), samplesDirectory);
            if (shardOf is not null)
            {
                runner.Run(studyRuns, cacheDirectory, (label, _, _) => AnsiConsole.WriteLine($"done: {label}"), AnsiConsole.WriteLine, shardOf);
                return 0;
            }
            AnsiConsole.WriteLine($"study: {studyRuns.Count} runs, {evaluations / options.Seeds} checkpoints x {options.Seeds} seeds, n = {options.Samples}");
            if (workerCount > 1)
            {
                var inputs = runner.OpenInputs(studyRuns[0].Record.Config.Data, cacheDirectory, AnsiConsole.WriteLine);
                (inputs.Features as IDisposable)?.Dispose();
                var failures = StudyWorkers.Run(parse.Tokens.Select(t => t.Value).ToList(), workerCount, outDirectory, () => runner.CountCached(studyRuns), evaluations);
                if (failures.Count > 0)
                {
                    Console.Error.WriteLine($"error: {failures[0]}");
                    return 1;
                }
            }
            var results = new ProgressReporter().Run("study", evaluations, report =>
                runner.Run(studyRuns, cacheDirectory, (label, done, _) => report(done, label), line => AnsiConsole.WriteLine(line)));
            var grids = studyRuns.SelectMany(r => r.Record.Checkpoints.Select(c => new StudyRecord.SampleGrid(r.Name, c.Step,
                    $"{SamplesDirName}/{StudyRunner.SampleGridFileName(r.Name, c.Step)}")))
                .Where(g => File.Exists(Path.Combine(outDirectory, g.File))).ToList();
            var record = StudyRecord.Build(results, grids);
            // siem branch, issue 11 item 2: Gaussian data also get the classifier ratio measured against the exact one.
            record = Experiments.RatioComparisonBlock.AddForGaussianData(record, studyRuns, options, cacheDirectory);
            var path = record.Write(outDirectory, "study", new
            {
                runs = studyRuns.Select(r => r.Directory).ToArray(), data = studyRuns[0].Record.Config.Data, n = options.Samples, seeds = options.Seeds,
                stride = options.Siem.Stride, stride_first = options.Siem.FirstStride, eps_l = options.Siem.EpsilonL, ratio = options.Ratio,
                features = options.Features, blur = options.Sinkhorn.Blur, scaling = options.Sinkhorn.Scaling, seed = parse.GetValue(seed),
            }, new JsonObject { ["total_seconds"] = clock.Elapsed.TotalSeconds });

            var table = new Table().AddColumns("number", "value", "note");
            foreach (var number in record.Numbers)
                table.AddRow(Markup.Escape(number.Name), number.Value.ToString("G4", CultureInfo.InvariantCulture), Markup.Escape(number.Description ?? ""));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{(record.Verdict.Reproduced ? "reproduced" : "not reproduced")}: {record.Verdict.Summary}");
            AnsiConsole.WriteLine($"record: {path} (scoreprobe report {outDirectory})");
            return 0;
        }));
        return command;
    }
}
