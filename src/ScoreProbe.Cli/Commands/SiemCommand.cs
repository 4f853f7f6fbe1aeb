using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.Pretrained;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe siem</c>: the SPDE-induced evaluation metric of a checkpoint (seed 004, §6, Appendix A and B.4).</summary>
public static class SiemCommand
{
    public static Command Build()
    {
        var command = new Command("siem", "SPDE-induced evaluation metric (SIEM) and ||mu_t|| of a checkpoint, over all timesteps or the first 10%.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "ScoreProbe checkpoint (.ckpt) or diffusers model folder.", Required = true };
        var data = new Option<string?>("--data") { Description = "Real data (--data spelling of train, e.g. images:PATH) for models that do not record theirs (diffusers folders)." };
        var range = new Option<string>("--range") { Description = "full (999..0, also reports 999..900) or first10 (999..900 only; sampling stops at 900).", DefaultValueFactory = _ => "full" };
        var stride = new Option<int>("--stride") { Description = "Evaluate every k-th timestep over the full range (1 = all, as the paper).", DefaultValueFactory = _ => 10 };
        var strideFirst = new Option<int>("--stride-first") { Description = "Evaluate every k-th timestep within 999..900.", DefaultValueFactory = _ => 2 };
        var epsL = new Option<double>("--eps-l") { Description = "Width of the Lorentz test function in x/(eps + |x|^2).", DefaultValueFactory = _ => 1.0 };
        var ratio = new Option<string>("--ratio") { Description = "Density ratio u_t/v_t: classifier (Appendix B) or exact (Gaussian data).", DefaultValueFactory = _ => "classifier" };
        var count = new Option<int>("--n") { Description = "Generated states and real samples per step.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Seed of sampling, data draws and classifiers.", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Write the result record (with the xi series) here." }.WritesFile();
        var cache = new Option<string?>("--cache") { Description = "MNIST cache folder." };
        foreach (var o in new Option[] { checkpoint, data, range, stride, strideFirst, epsL, ratio, count, seed, json, cache }) command.Options.Add(o);

        command.Map(("samples", "--n"));

        command.SetAction(parse =>
        {
            var n = parse.GetValue(count);
            Guard.AtLeast("seed", parse.GetValue(seed), 0);
            var siemRange = Guard.OneOf("range", parse.GetValue(range)!, ["full", "first10"]) == "full" ? SiemRange.Full : SiemRange.First10;
            var options = new SiemOptions(siemRange, parse.GetValue(stride), parse.GetValue(strideFirst), parse.GetValue(epsL));
            Guard.OneOf("ratio", parse.GetValue(ratio)!, DensityRatioEstimators.Names);
            SiemEvaluator.ValidateSamples(n);

            using var loaded = ModelSource.Open(parse.GetValue(checkpoint)!);
            AnsiConsole.WriteLine($"model: {loaded.Description}");
            // SiemEvaluator runs its own DDPM step (fixed_small, epsilon) on the model's noise schedule.
            var schedule = loaded.Scheduler.BuildSchedule();
            options.Validate(schedule.Length);
            var cacheDirectory = parse.GetValue(cache) ?? MnistPackage.DefaultCacheDirectory;
            var dataSpec = parse.GetValue(data) ?? loaded.DataSpec
                           ?? throw new InvalidConfigurationException("data", "is needed: this model does not record its training data; pass e.g. --data images:PATH");
            var real = ReferenceData.Open(dataSpec, cacheDirectory);
            var evaluator = new SiemEvaluator(schedule, options, DensityRatioEstimators.Open(parse.GetValue(ratio)!, real, schedule));

            var clock = Stopwatch.StartNew();
            var steps = evaluator.EvaluatedTimesteps();
            var sampled = siemRange == SiemRange.Full ? schedule.Length : schedule.Length - steps[^1];
            var batches = (n + 255) / 256;
            var result = new ProgressReporter().Run($"siem ({siemRange.ToString().ToLowerInvariant()}, {steps.Count} steps)", batches * sampled + steps.Count, report =>
                evaluator.Evaluate(loaded.Model, real, n, (ulong)parse.GetValue(seed),
                    (phase, done, _) => report(phase == "sample" ? done : batches * sampled + done, phase)));
            var seconds = clock.Elapsed.TotalSeconds;

            var table = new Table().AddColumns("range", "timesteps", "points", "SIEM", "||mu_t||");
            if (result.Full is { } full) table.AddRow("full", "999..0", $"{full.Xi.Count}", Format(full.Siem), Format(full.MuNorm));
            table.AddRow("first 10%", $"{schedule.Length - 1}..{schedule.Length - SiemOptions.FirstRangeLength(schedule.Length)}", $"{result.First10.Xi.Count}", Format(result.First10.Siem), Format(result.First10.MuNorm));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"{loaded.Path}{(loaded.Step is { } step ? $" (step {step})" : "")}, n = {n}, ratio {evaluator.Ratio.Name}: sampling {result.SamplingSeconds:F1} s, total {seconds:F1} s");

            if (parse.GetValue(json) is { } jsonPath)
            {
                var body = new JsonObject
                {
                    ["checkpoint_step"] = loaded.Step,
                    ["full"] = result.Full is null ? null : Summary(result.Full),
                    ["first10"] = Summary(result.First10),
                    // Per-step seconds stay out of the body so that the same seed gives the same record; totals are in timing.
                    ["points"] = ResultJson.ToNode(result.Points.Select(p => new { p.Timestep, p.Xi, p.MeanRatio, p.ClampedFraction, p.ValidationLoss })),
                };
                var timing = new JsonObject { ["seconds"] = seconds, ["sampling_seconds"] = result.SamplingSeconds };
                ResultJson.Write(jsonPath, ResultJson.Envelope("siem", new
                {
                    checkpoint = loaded.Path, range = parse.GetValue(range), stride = options.Stride, stride_first = options.FirstStride,
                    eps_l = options.EpsilonL, filter_sigma = options.FilterSigmaSteps, ratio = evaluator.Ratio.Name, n, seed = parse.GetValue(seed),
                }, body, timing));
            }
            return 0;
        });
        return command;
    }

    private static JsonObject Summary(SiemSummary summary) => new()
    {
        ["siem"] = summary.Siem,
        ["mu_norm"] = summary.MuNorm,
        ["timesteps"] = ResultJson.ToNode(summary.Timesteps),
        ["xi"] = ResultJson.ToNode(summary.Xi),
        ["mu"] = ResultJson.ToNode(summary.Mu),
    };

    private static string Format(double value) => value.ToString("E4", CultureInfo.InvariantCulture);
}
