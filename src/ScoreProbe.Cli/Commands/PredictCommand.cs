using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Probing;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe predict</c>: paper 000 on trained networks. Probes the checkpoints' residuals at the sampler's evaluation times,
/// fits their affine errors, predicts <c>E W2^2</c> with the non-centred kernel expansion (systematic error of the mean network plus
/// the across-ensemble covariance), propagates the affine surrogates exactly, and measures the W2^2 of the Gaussian fit of N
/// samples the networks draw themselves with that sampler.
/// </summary>
public static class PredictCommand
{
    /// <summary>The validated settings, as recorded in the result file.</summary>
    public sealed record Settings(IReadOnlyList<string> Checkpoints, string Sampler, int Steps, int N, int Seed, int Reps, int Batch, string Kind,
        int CurvePoints, int Bootstrap, string ControlVariate, int Sinkhorn, string? Timesteps = null);

    public static Command Build()
    {
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "Checkpoint files (.ckpt); several form an ensemble (seeds or late checkpoints)", Required = true, AllowMultipleArgumentsPerToken = true };
        var sampler = new Option<string>("--sampler") { Description = string.Join(" | ", SamplerPlan.Names), DefaultValueFactory = _ => "ddpm" };
        var steps = new Option<int>("--steps") { Description = "Timesteps the sampler visits (1..N of the network's schedule)", DefaultValueFactory = _ => 1000 };
        var n = new Option<int>("--n") { Description = "Samples per network for the measured W2^2 (0: prediction only)", DefaultValueFactory = _ => 2000 };
        var seed = new Option<int>("--seed") { Description = "Seed of the residual pairs, the samples and the bootstrap", DefaultValueFactory = _ => 0 };
        var json = new Option<string>("--json") { Description = "Result record", Required = true }.WritesFile();
        var reps = new Option<int>("--reps") { Description = "Residual repetitions R per network (>= 2)", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Coupled (x0, eps) pairs per repetition (> d: the affine fit has d^2 + d unknowns)", DefaultValueFactory = _ => 256 };
        var kind = new Option<string>("--kind") { Description = "exact | observable | auto (exact for Gaussian data)", DefaultValueFactory = _ => "auto" };
        var curve = new Option<int>("--curve-points") { Description = "Points of the predicted curve along the sampler", DefaultValueFactory = _ => 5 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples for the intervals (>= 10)", DefaultValueFactory = _ => 200 };
        var control = new Option<string>("--control-variate") { Description = "auto | on | off: measure against the affine surrogate sampled with the same noise (auto: on for Gaussian data)", DefaultValueFactory = _ => "auto" };
        var sinkhorn = new Option<int>("--sinkhorn") { Description = "Also report the Sinkhorn W2 of this many samples against data samples (0: off)", DefaultValueFactory = _ => 0 };
        var timesteps = new Option<string?>("--timesteps") { Description = "Visit this comma list of timesteps (descending, distinct, in [0, N-1]; e.g. design-grid's) instead of leading spacing; --steps is its length" };
        var command = new Command("predict", "Predicted vs measured W2^2 of a sampler for trained networks (paper 000 §7 on checkpoints)");
        foreach (var o in new Option[] { checkpoints, sampler, steps, n, seed, json, reps, batch, kind, curve, bootstrap, control, sinkhorn, timesteps }) command.Options.Add(o);
        command.Map(("residual", "--kind"));
        command.SetAction(parse =>
        {
            var settings = new Settings(parse.GetValue(checkpoints)!, parse.GetValue(sampler)!, parse.GetValue(steps), parse.GetValue(n), parse.GetValue(seed),
                parse.GetValue(reps), parse.GetValue(batch), parse.GetValue(kind)!, parse.GetValue(curve), parse.GetValue(bootstrap), parse.GetValue(control)!, parse.GetValue(sinkhorn),
                parse.GetValue(timesteps));
            if (settings.Timesteps is not null && parse.GetResult(steps) is { Implicit: false })
                throw new InvalidConfigurationException("steps", "is the length of --timesteps when a list is given: drop --steps");
            Run(settings, parse.GetValue(json)!);
            return 0;
        });
        return command;
    }

    private static void Run(Settings s, string jsonPath)
    {
        Guard.AtLeast("reps", s.Reps, 2, "the fitting noise and the interval need two repetitions per network");
        Guard.AtLeast("seed", s.Seed, 0);
        Guard.AtLeast("curve-points", s.CurvePoints, 1);
        Guard.AtLeast("bootstrap", s.Bootstrap, 10);
        Guard.AtLeast("sinkhorn", s.Sinkhorn, 0);
        if (s.N != 0) Guard.AtLeast("n", s.N, 10, "use 0 for a prediction only");
        Guard.OneOf("control-variate", s.ControlVariate, ["auto", "on", "off"]);
        using var ensemble = CheckpointEnsemble.Load(s.Checkpoints);
        var kind = ResidualsCommand.Kind(s.Kind, ensemble.Data);
        var target = DataGaussian.Of(ensemble.Data);
        var plan = s.Timesteps is null
            ? SamplerPlan.Create(s.Sampler, s.Steps, ensemble.Timeline)
            : SamplerPlan.FromTimesteps(s.Sampler, CustomTimesteps.Parse(s.Timesteps, ensemble.Timeline.Length), ensemble.Timeline);
        if (s.Batch <= target.Dimension)
            throw new InvalidConfigurationException("batch", $"must exceed d = {target.Dimension} (got {s.Batch}): the affine fit has d^2 + d unknowns per time");
        if (kind == ResidualKind.ExactScore && !DataGaussian.IsExact(ensemble.Data))
            throw new InvalidConfigurationException("residual", $"exact needs Gaussian data; the checkpoints model {ensemble.Data.Name}: use --kind observable");
        var timesteps = plan.EvaluationTimesteps(plan.Problem(target));
        var options = new ResidualProbeOptions(s.Reps, s.Batch, s.Seed, kind);

        var clock = Stopwatch.StartNew();
        var probed = new ProgressReporter().Run("probe", ensemble.Checkpoints.Count, report => ProbedNetwork.ProbeAll(
            ensemble.Checkpoints.Select(c => (Path.GetFileName(c.Path), c.SamplingModel)).ToArray(), ensemble.Data, ensemble.Timeline, timesteps, options,
            done => report(done, null)));
        var probeSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        var prediction = TrainedPrediction.Predict(probed, target, plan, new PredictionOptions(s.CurvePoints, s.Bootstrap, s.Seed));
        var predictSeconds = clock.Elapsed.TotalSeconds;
        SamplerMeasurement? measurement = null;
        var measureSeconds = 0.0;
        if (s.N > 0)
        {
            clock.Restart();
            var controlled = s.ControlVariate == "on" || (s.ControlVariate == "auto" && DataGaussian.IsExact(ensemble.Data));
            var measureOptions = new MeasurementOptions(s.N, (ulong)s.Seed, s.Bootstrap, controlled, s.Sinkhorn, PathFit: !DataGaussian.IsExact(ensemble.Data));
            (prediction, measurement) = new ProgressReporter().Run($"sample ({plan.Name}, {plan.Steps} steps)", 1, report =>
            {
                var result = TrainedPrediction.Measure(prediction, probed, ensemble.Data, target, plan, measureOptions);
                report(1, null);
                return result;
            });
            measureSeconds = clock.Elapsed.TotalSeconds;
        }
        var body = Body(prediction, measurement, ensemble, kind);
        var timing = new JsonObject
        {
            ["probe_seconds"] = probeSeconds, ["predict_seconds"] = predictSeconds, ["measure_seconds"] = measureSeconds,
            ["total_seconds"] = probeSeconds + predictSeconds + measureSeconds,
        };
        ResultJson.Write(jsonPath, ResultJson.Envelope("predict", s, body, timing));
        Print(prediction, measurement);
        AnsiConsole.WriteLine($"wrote {jsonPath} (probe {probeSeconds:F1} s, prediction {predictSeconds:F1} s, sampling {measureSeconds:F1} s)");
    }

    /// <summary>The result body: the keys the issue names first, then the parts, the curve, per-time diagnostics and the members.</summary>
    public static JsonObject Body(SamplerPrediction p, SamplerMeasurement? m, CheckpointEnsemble ensemble, ResidualKind kind) => new()
    {
        ["sampler"] = p.Sampler,
        ["steps"] = p.Steps,
        ["members"] = p.Members,
        ["checkpoints"] = new JsonArray(ensemble.Checkpoints.Select(c => (JsonNode)new JsonObject { ["path"] = c.Path, ["step"] = c.Step, ["data"] = c.Config.Data }).ToArray()),
        ["residual_kind"] = kind == ResidualKind.ExactScore ? "exact" : "observable",
        ["predicted"] = p.Predicted,
        ["predicted_ci95"] = ResultJson.ToNode(p.PredictedCi95),
        ["surrogate"] = p.Surrogate,
        ["measured"] = m?.Measured,
        ["measured_ci95"] = m is null ? null : ResultJson.ToNode(m.MeasuredCi95),
        ["affine_r2"] = ResultJson.ToNode(p.PerTime.Select(t => t.AffineR2)),
        ["parts"] = new JsonObject
        {
            ["E0"] = p.E0, ["Edisc"] = p.Edisc, ["systematic_first"] = p.SystematicFirst, ["systematic_second"] = p.SystematicSecond,
            ["Q"] = p.Q, ["fitting_noise_bias"] = p.FittingNoiseBias, ["predicted_uncorrected"] = p.PredictedUncorrected,
        },
        ["measurement"] = m is null ? null : ResultJson.ToNode(m),
        ["curve"] = ResultJson.ToNode(p.Curve),
        ["per_time"] = ResultJson.ToNode(p.PerTime),
        ["member_results"] = ResultJson.ToNode(p.MemberResults),
    };

    private static void Print(SamplerPrediction p, SamplerMeasurement? m)
    {
        var table = new Table().Title($"{p.Sampler}, {p.Steps} steps, {p.Members} network(s)");
        foreach (var c in new[] { "quantity", "value", "95% interval" }) table.AddColumn(c);
        void Row(params string[] cells) => table.AddRow(cells.Select(c => (Spectre.Console.Rendering.IRenderable)new Text(c)).ToArray());
        Row("predicted E W2^2", $"{p.Predicted:G4}", $"[{p.PredictedCi95[0]:G4}, {p.PredictedCi95[1]:G4}]");
        Row("  E0 + Edisc", $"{p.E0 + p.Edisc:G4}", "");
        Row("  systematic (1st + 2nd order)", $"{p.SystematicFirst:G4} + {p.SystematicSecond:G4}", "");
        Row("  Q (across-ensemble covariance)", $"{p.Q:G4}", "");
        Row("  fitting-noise bias removed", $"{p.FittingNoiseBias:G4}", "");
        Row("affine surrogate (exact)", $"{p.Surrogate:G4}", "");
        if (m is not null)
        {
            Row(m.ControlVariate ? "measured (control variate)" : "measured", $"{m.Measured:G4}", $"[{m.MeasuredCi95[0]:G4}, {m.MeasuredCi95[1]:G4}]");
            Row("measured (plain Gaussian fit)", $"{m.MeasuredPlain:G4}", $"[{m.MeasuredPlainCi95[0]:G4}, {m.MeasuredPlainCi95[1]:G4}]");
            if (m.SinkhornW2 is { } w) Row("Sinkhorn W2 to data (noise floor)", $"{w:G4} ({m.SinkhornFloor:G4})", "");
        }
        AnsiConsole.Write(table);
    }
}
