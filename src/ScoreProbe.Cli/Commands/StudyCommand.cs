using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Experiments;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Evaluation;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe study</c>: seed 004 §7.2 / Table 2 / Figure 2 at any scale. Every checkpoint of the given training runs
/// (one or more data sets) gets SIEM (0-999 and 900-999), <c>||mu_t||</c>, FID and W2 under several evaluation seeds; the
/// result is an experiment record (<c>OUT/siem-study.json</c>) with pooled and per-data-set Spearman matrices beside the
/// paper's, for <c>scoreprobe report OUT</c>. Per-checkpoint results are cached in <c>OUT/cache/</c>, keyed by content, so a
/// rerun resumes; <c>--workers N</c> runs N processes on this machine, <c>--emit-slurm DIR</c> writes a Slurm job array.
/// </summary>
public static class StudyCommand
{
    private const string SamplesDirName = "samples";
    private const string CacheDirName = "cache";

    /// <summary>Most Slurm array tasks (Slurm's default MaxArraySize is 1001).</summary>
    private const int MaxShards = 1000;

    public static Command Build()
    {
        var command = new Command("study", "Evaluate every checkpoint of training runs with SIEM, ||mu_t||, FID and W2; Spearman matrices vs seed 004 Table 2.");
        var runs = new Option<string[]>("--runs") { Description = "Run folders written by 'scoreprobe train' (one or more data sets).", Required = true, AllowMultipleArgumentsPerToken = true };
        var output = new Option<string>("--out") { Description = "Output folder: siem-study.json (experiment record), cache/, samples/.", Required = true }.WritesFolder();
        var count = new Option<int>("--n") { Description = "Generated and real samples per metric and seed (paper: 10,000).", DefaultValueFactory = _ => 200 };
        var subsets = new Option<string?>("--n-subsets") { Description = "Smaller n (comma list, e.g. 100,200) at which every metric is repeated on the first n samples: correlations against n." };
        var seeds = new Option<int>("--seeds") { Description = "Evaluation seeds per checkpoint (paper: 5).", DefaultValueFactory = _ => 3 };
        var stride = new Option<int>("--stride") { Description = "SIEM: every k-th timestep over 999..0.", DefaultValueFactory = _ => 10 };
        var strideFirst = new Option<int>("--stride-first") { Description = "SIEM: every k-th timestep within 999..900.", DefaultValueFactory = _ => 5 };
        var epsL = new Option<double>("--eps-l") { Description = "SIEM: width of the Lorentz test function.", DefaultValueFactory = _ => 1.0 };
        var ratio = new Option<string>("--ratio") { Description = "SIEM density ratio: classifier or exact (Gaussian data).", DefaultValueFactory = _ => "classifier" };
        var features = new Option<string>("--features") { Description = $"FID feature network: {string.Join(", ", FeatureNetworks.Forms)}.", DefaultValueFactory = _ => "auto" };
        var blur = new Option<double>("--blur") { Description = "W2: Sinkhorn blur.", DefaultValueFactory = _ => 0.05 };
        var scaling = new Option<double>("--scaling") { Description = "W2: Sinkhorn eps-scaling.", DefaultValueFactory = _ => 0.9 };
        var seed = new Option<int>("--seed") { Description = "First evaluation seed.", DefaultValueFactory = _ => 0 };
        var cache = new Option<string?>("--cache") { Description = "Data and feature-network cache folder (default $SCOREPROBE_CACHE or ~/.cache/scoreprobe)." };
        var workers = new Option<int>("--workers") { Description = "Worker processes evaluating checkpoints in parallel (one libtorch thread each); about one per core.", DefaultValueFactory = _ => 1 };
        var emitSlurm = new Option<string?>("--emit-slurm") { Description = "Write a Slurm job array (sbatch scripts and submit.sh) into this folder instead of evaluating; --out must be on a shared filesystem." }.WritesFolder();
        var shards = new Option<int?>("--shards") { Description = "With --emit-slurm: array tasks (default: one per (checkpoint, seed) job, at most 1000)." };
        var slurmOptions = new Option<string[]>("--slurm-option") { Description = "With --emit-slurm: an extra #SBATCH option, e.g. --slurm-option=--partition=cpu (repeatable).", AllowMultipleArgumentsPerToken = false };
        var shard = new Option<string?>("--shard") { Description = "Evaluate only job K, K + N, ... of the study into the cache ('K/N'); what each worker or Slurm task runs.", Hidden = true };
        var watchParent = new Option<bool>(StudyWorkers.WatchParentOption) { Description = "Internal: exit when standard input closes (the parent died).", Hidden = true };
        foreach (var o in new Option[] { runs, output, count, subsets, seeds, stride, strideFirst, epsL, ratio, features, blur, scaling, seed, cache, workers, emitSlurm, shards, slurmOptions, shard, watchParent })
            command.Options.Add(o);
        command.Map(("samples", "--n"), ("subsets", "--n-subsets"));

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            if (parse.GetValue(watchParent)) StudyWorkers.ExitWhenStandardInputCloses();
            Guard.AtLeast("seed", parse.GetValue(seed), 0);
            var options = new StudyOptions(parse.GetValue(count), parse.GetValue(seeds),
                new SiemOptions(SiemRange.Full, parse.GetValue(stride), parse.GetValue(strideFirst), parse.GetValue(epsL)),
                new SinkhornOptions(parse.GetValue(blur), parse.GetValue(scaling)), parse.GetValue(features)!, parse.GetValue(ratio)!,
                (ulong)parse.GetValue(seed), ParseSubsets(parse.GetValue(subsets)));
            var workerCount = Guard.InRange("workers", parse.GetValue(workers), 1, 64, "about one per core");
            var shardOf = parse.GetValue(shard) is { } shardText ? StudyShard.Parse(shardText) : null;
            var studyRuns = StudyRunner.OpenRuns(parse.GetValue(runs)!);
            foreach (var run in studyRuns) options.Validate(run.Record.Config.TrainTimesteps);
            var outDirectory = parse.GetValue(output)!;
            var cacheDirectory = parse.GetValue(cache) ?? DataCache.DefaultDirectory;
            DataCache.CheckUsable(cacheDirectory);

            var clock = Stopwatch.StartNew();
            var runner = new StudyRunner(options, Path.Combine(outDirectory, CacheDirName), Path.Combine(outDirectory, SamplesDirName));
            var jobs = runner.Jobs(studyRuns).Count;
            if (shardOf is not null)
            {
                runner.Run(studyRuns, cacheDirectory, (label, _, _) => AnsiConsole.WriteLine($"done: {label}"), AnsiConsole.WriteLine, shardOf);
                return 0;
            }
            AnsiConsole.WriteLine($"study: {studyRuns.Count} runs on {string.Join(", ", studyRuns.Select(r => r.Data).Distinct())}, "
                                  + $"{jobs / options.Seeds} checkpoints x {options.Seeds} seeds, n = {string.Join(", ", options.SampleSizes)}");
            var arguments = CanonicalArguments(studyRuns, outDirectory, cacheDirectory, options, parse.GetValue(subsets));

            if (parse.GetValue(emitSlurm) is { } slurmDirectory)
            {
                var shardCount = Guard.InRange("shards", parse.GetValue(shards) ?? Math.Min(jobs, MaxShards), 1, Math.Min(jobs, MaxShards),
                    "each Slurm array task takes at least one (checkpoint, seed) job");
                // The array tasks start at once: the data and the feature networks are fetched and trained here first.
                runner.PrepareInputs(studyRuns, cacheDirectory, AnsiConsole.WriteLine);
                var scripts = StudySlurm.Write(Path.GetFullPath(slurmDirectory), StudyWorkers.SelfCommand(), arguments, shardCount,
                    Path.GetFullPath(Path.Combine(outDirectory, "logs")), Directory.GetCurrentDirectory(), parse.GetValue(slurmOptions) ?? []);
                AnsiConsole.WriteLine($"Slurm: {shardCount} array tasks over {jobs} jobs; scripts {string.Join(", ", scripts)}");
                AnsiConsole.WriteLine($"submit with: {scripts[^1]}   (the assemble job writes {Path.Combine(outDirectory, "siem-study.json")})");
                return 0;
            }

            if (workerCount > 1)
            {
                runner.PrepareInputs(studyRuns, cacheDirectory, AnsiConsole.WriteLine);
                var failures = StudyWorkers.Run(arguments, workerCount, outDirectory, () => runner.CountCached(studyRuns), jobs);
                if (failures.Count > 0)
                {
                    Console.Error.WriteLine($"error: {failures[0]}");
                    return 1;
                }
            }
            var evaluations = new ProgressReporter().Run("study", jobs, report =>
                runner.Run(studyRuns, cacheDirectory, (label, done, _) => report(done, label), line => AnsiConsole.WriteLine(line)));
            var timesteps = studyRuns[0].Record.Config.TrainTimesteps;
            var metrics = evaluations.SelectMany(e => e.Metrics(options.Siem, timesteps)).ToList();
            var grids = studyRuns.SelectMany(r => r.Checkpoints.Select(c => new StudyRecord.SampleGrid(r.Name, c.Step,
                    $"{SamplesDirName}/{StudyRunner.SampleGridFileName(r.Name, c.Step)}")))
                .Where(g => File.Exists(Path.Combine(outDirectory, g.File))).ToList();
            var record = StudyRecord.Build(metrics, options.Samples, grids);
            // Issue 11 item 2 (siem branch): the runs of Gaussian data also get the classifier ratio measured against the exact one.
            foreach (var data in studyRuns.GroupBy(r => r.Data))
                record = RatioComparisonBlock.AddForGaussianData(record, data.ToList(), options, cacheDirectory);
            var path = record.Write(outDirectory, "study", Configuration(studyRuns, options), Timing(evaluations, clock.Elapsed.TotalSeconds));

            var table = new Table().AddColumns("number", "value", "95% interval", "note");
            foreach (var number in record.Numbers)
                table.AddRow(Markup.Escape(number.Name), Show(number.Value), number.Lower is { } lo && number.Upper is { } hi ? Markup.Escape($"[{Show(lo)}, {Show(hi)}]") : "",
                    Markup.Escape(number.Description ?? ""));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{(record.Verdict.Reproduced ? "reproduced" : "not reproduced")}: {record.Verdict.Summary}");
            AnsiConsole.WriteLine($"record: {path} (scoreprobe report {outDirectory})");
            return 0;
        }));
        return command;
    }

    private static string Show(double value) => value.ToString("G4", CultureInfo.InvariantCulture);

    private static int[] ParseSubsets(string? text)
    {
        if (string.IsNullOrWhiteSpace(text)) return [];
        return text.Split(',', StringSplitOptions.TrimEntries).Select(part =>
            int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var n)
                ? n
                : throw new InvalidConfigurationException("subsets", $"must be a comma list of sample counts such as 100,200 (got '{text}')")).ToArray();
    }

    /// <summary>
    /// The study's command line rebuilt from the parsed values, with absolute paths: what every worker and Slurm task runs
    /// (they add <c>--shard</c>), independent of how the user spelled it.
    /// </summary>
    private static List<string> CanonicalArguments(IReadOnlyList<StudyRun> runs, string outDirectory, string cacheDirectory, StudyOptions options, string? subsets)
    {
        var invariant = CultureInfo.InvariantCulture;
        List<string> arguments =
        [
            "study", "--runs", .. runs.Select(r => Path.GetFullPath(r.Directory)), "--out", Path.GetFullPath(outDirectory), "--cache", Path.GetFullPath(cacheDirectory),
            "--n", options.Samples.ToString(invariant), "--seeds", options.Seeds.ToString(invariant),
            "--stride", options.Siem.Stride.ToString(invariant), "--stride-first", options.Siem.FirstStride.ToString(invariant),
            "--eps-l", options.Siem.EpsilonL.ToString("R", invariant), "--ratio", options.Ratio, "--features", options.Features,
            "--blur", options.Sinkhorn.Blur.ToString("R", invariant), "--scaling", options.Sinkhorn.Scaling.ToString("R", invariant),
            "--seed", options.BaseSeed.ToString(invariant),
        ];
        if (options.Subsets.Length > 0) arguments.AddRange(["--n-subsets", string.Join(",", options.Subsets)]);
        return arguments;
    }

    private static object Configuration(IReadOnlyList<StudyRun> runs, StudyOptions options) => new
    {
        runs = runs.Select(r => new
        {
            directory = r.Directory, data = r.Data, model = r.Record.Config.ModelName, init = r.Record.Config.Init.ToString(), training_seed = r.Record.Config.Seed,
            checkpoints = r.Checkpoints.Select(c => new { step = c.Step, sha256 = c.Sha256 }).ToArray(),
        }).ToArray(),
        n = options.Samples, n_subsets = options.Subsets, seeds = options.Seeds, seed = options.BaseSeed,
        stride = options.Siem.Stride, stride_first = options.Siem.FirstStride, eps_l = options.Siem.EpsilonL, filter_sigma = options.Siem.FilterSigmaSteps,
        ratio = options.Ratio, features = options.Features, blur = options.Sinkhorn.Blur, scaling = options.Sinkhorn.Scaling,
        bootstrap_resamples = StudyRecord.BootstrapResamples,
    };

    /// <summary>
    /// Every wall time of the study: this call's total, and per data set the mean seconds per evaluation of each metric (each
    /// with the sampling it needs) at the largest n, as measured when each evaluation ran (possibly in earlier calls).
    /// </summary>
    private static JsonObject Timing(IReadOnlyList<CheckpointEvaluation> evaluations, double totalSeconds)
    {
        var perData = new JsonObject();
        foreach (var group in evaluations.GroupBy(e => e.Data).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var costs = group.Select(e => e.Costs).ToList();
            perData[group.Key] = new JsonObject
            {
                ["evaluations"] = costs.Count,
                ["sampling_seconds"] = costs.Average(c => c.SamplingSeconds),
                ["siem_first10_seconds"] = costs.Average(c => c.SiemFirstSeconds),
                ["siem_full_seconds"] = costs.Average(c => c.SiemFullSeconds),
                ["fid_seconds"] = costs.Average(c => c.FidSeconds),
                ["w2_seconds"] = costs.Average(c => c.W2Seconds),
                ["evaluation_seconds_sum"] = costs.Sum(c => c.SiemFullSeconds + c.FidSeconds + c.W2Seconds - 2 * c.SamplingSeconds),
            };
        }
        return new JsonObject { ["total_seconds"] = totalSeconds, ["per_evaluation"] = perData };
    }
}
