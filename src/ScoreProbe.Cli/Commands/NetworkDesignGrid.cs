using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Probing;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe design-grid --checkpoint ...</c>: DDIM timesteps designed from trained networks' estimated errors
/// (<see cref="NetworkTimestepDesign"/>), against diffusers' 'leading' and 'trailing' lists at the same step count, each predicted and
/// measured by sampling the networks from the same seeded noise.
/// </summary>
public static class NetworkDesignGrid
{
    /// <summary>The validated settings, as recorded.</summary>
    public sealed record Settings(IReadOnlyList<string> Checkpoints, string Sampler, int Steps, int Knots, int Starts, int N, int Reps, int Batch, int Bootstrap, int Seed);

    public static int Run(Settings s, string? jsonPath)
    {
        if (s.Sampler != "ddim")
            throw new InvalidConfigurationException("sampler", $"must be ddim with --checkpoint (got '{s.Sampler}'): timesteps are designed for diffusers' DDIM (eta 0)");
        Guard.AtLeast("seed", s.Seed, 0);
        Guard.AtLeast("bootstrap", s.Bootstrap, 10);
        Guard.AtLeast("reps", s.Reps, 2, "the fitting noise the profile removes is estimated from the repetitions");
        if (s.N != 0) Guard.AtLeast("n", s.N, 10, "use 0 for predictions only");
        if (s.Checkpoints.Any(string.IsNullOrWhiteSpace)) throw new InvalidConfigurationException("checkpoint", "needs checkpoint file paths (got an empty one)");
        using var ensemble = CheckpointEnsemble.Load(s.Checkpoints);
        var target = DataGaussian.Of(ensemble.Data);
        if (s.Batch <= target.Dimension)
            throw new InvalidConfigurationException("batch", $"must exceed d = {target.Dimension} (got {s.Batch}): the affine fit has d^2 + d unknowns per time");
        var kind = ResidualsCommand.Kind("auto", ensemble.Data);
        var exact = DataGaussian.IsExact(ensemble.Data);
        var options = new TimestepDesignOptions(s.Steps, s.Knots, s.Starts, s.Seed, new ResidualProbeOptions(s.Reps, s.Batch, s.Seed, kind),
            new PredictionOptions(1, s.Bootstrap, s.Seed),
            s.N == 0 ? null : new MeasurementOptions(s.N, (ulong)s.Seed, s.Bootstrap, ControlVariate: exact));

        var clock = Stopwatch.StartNew();
        var networks = ensemble.Checkpoints.Select(c => (Path.GetFileName(c.Path), c.SamplingModel)).ToArray();
        var design = new ProgressReporter().Run("design timesteps", 1, report =>
        {
            var result = NetworkTimestepDesign.Run(networks, ensemble.Data, target, ensemble.Timeline, options, line => report(0, line));
            report(1, null);
            return result;
        });
        var seconds = clock.Elapsed.TotalSeconds;
        Print(design, s);
        if (jsonPath is not null)
        {
            ResultJson.Write(jsonPath, ResultJson.Envelope("design-grid", s, Body(design, ensemble), new JsonObject { ["total_seconds"] = seconds }));
            Console.WriteLine($"wrote {jsonPath}");
        }
        var designed = design.Lists[0].Plan;
        AnsiConsole.MarkupLine(Markup.Escape($"{seconds:F1} s. predict/sample --sampler ddim --timesteps {designed.TimestepList}"));
        return 0;
    }

    /// <summary>
    /// Whether the designed list's measured value is below another's beyond noise (its 95% interval entirely below), above it (entirely
    /// above), or within noise (the intervals overlap).
    /// </summary>
    public static string Compare(SamplerMeasurement designed, SamplerMeasurement other) =>
        designed.MeasuredCi95[1] < other.MeasuredCi95[0] ? "better" : designed.MeasuredCi95[0] > other.MeasuredCi95[1] ? "worse" : "within-noise";

    private static JsonObject Body(TimestepDesign d, CheckpointEnsemble ensemble)
    {
        var lists = d.Lists;
        var body = new JsonObject
        {
            ["mode"] = "checkpoint",
            ["sampler"] = "ddim",
            ["steps"] = lists[0].Plan.Steps,
            ["train_steps"] = ensemble.Timeline.Length,
            ["checkpoints"] = new JsonArray(ensemble.Checkpoints.Select(c => (JsonNode)new JsonObject { ["path"] = c.Path, ["step"] = c.Step, ["data"] = c.Config.Data }).ToArray()),
            ["timesteps"] = ResultJson.ToNode(d.Designed),
            ["timesteps_arg"] = lists[0].Plan.TimestepList,
            ["continuous"] = new JsonObject
            {
                ["grid"] = ResultJson.ToNode(d.Continuous.Grid.Times),
                ["objective"] = d.Continuous.Predicted,
                ["runs"] = new JsonArray(d.Continuous.Runs.Select(r => (JsonNode)new JsonObject
                {
                    ["start"] = r.Start, ["start_value"] = r.StartValue, ["final_value"] = r.FinalValue, ["iterations"] = r.Iterations,
                    ["converged"] = r.Converged, ["relative_gradient"] = double.IsFinite(r.RelativeGradient) ? r.RelativeGradient : null,
                }).ToArray()),
            },
            ["profile"] = new JsonObject
            {
                ["knot_timesteps"] = ResultJson.ToNode(d.KnotTimesteps),
                ["knot_times"] = ResultJson.ToNode(d.Profile.Times),
                ["delta_entry_variance"] = ResultJson.ToNode(d.Profile.DeltaEntryVariance),
                ["shift_variance"] = ResultJson.ToNode(d.Profile.ShiftVariance),
                ["delta_length"] = d.Profile.DeltaLength,
                ["shift_length"] = d.Profile.ShiftLength,
            },
        };
        foreach (var list in lists) body[list.Kind.Replace('-', '_')] = ListJson(list);
        if (lists.All(l => l.Measurement is not null))
            body["verdict"] = new JsonObject
            {
                ["vs_leading"] = Compare(lists[0].Measurement!, lists[1].Measurement!),
                ["vs_trailing"] = Compare(lists[0].Measurement!, lists[2].Measurement!),
                ["vs_exact_score_design"] = Compare(lists[0].Measurement!, lists[3].Measurement!),
            };
        return body;
    }

    private static JsonObject ListJson(JudgedTimesteps l)
    {
        var p = l.Prediction;
        var m = l.Measurement;
        return new JsonObject
        {
            ["timesteps"] = ResultJson.ToNode(l.Plan.Timesteps),
            ["timesteps_arg"] = l.Plan.TimestepList,
            ["objective"] = l.Objective,
            ["predicted"] = p.Predicted,
            ["predicted_ci95"] = ResultJson.ToNode(p.PredictedCi95),
            ["surrogate"] = p.Surrogate,
            ["parts"] = new JsonObject
            {
                ["E0"] = p.E0, ["Edisc"] = p.Edisc, ["systematic_first"] = p.SystematicFirst, ["systematic_second"] = p.SystematicSecond,
                ["Q"] = p.Q, ["fitting_noise_bias"] = p.FittingNoiseBias,
            },
            ["measured"] = m?.Measured,
            ["measured_ci95"] = m is null ? null : ResultJson.ToNode(m.MeasuredCi95),
            ["measured_plain"] = m?.MeasuredPlain,
            ["measured_plain_ci95"] = m is null ? null : ResultJson.ToNode(m.MeasuredPlainCi95),
            ["control_variate"] = m?.ControlVariate,
        };
    }

    private static void Print(TimestepDesign d, Settings s)
    {
        var table = new Table().Title($"ddim, {s.Steps} steps, {s.Checkpoints.Count} network(s): E W2^2 at the data");
        foreach (var c in new[] { "timesteps", "design objective", "predicted (95% CI)", "measured (95% CI)" }) table.AddColumn(new TableColumn(c).RightAligned());
        foreach (var l in d.Lists)
        {
            var p = l.Prediction;
            var m = l.Measurement;
            var shown = l.Plan.Timesteps.Count <= 12 ? l.Plan.TimestepList : $"{string.Join(",", l.Plan.Timesteps.Take(4))},...,{string.Join(",", l.Plan.Timesteps.TakeLast(3))}";
            table.AddRow(new Text($"{l.Kind}: {shown}"), new Text(l.Objective is { } o ? $"{o:G4}" : "-"),
                new Text($"{p.Predicted:G4} [{p.PredictedCi95[0]:G3}, {p.PredictedCi95[1]:G3}]"),
                new Text(m is null ? "-" : $"{m.Measured:G4} [{m.MeasuredCi95[0]:G3}, {m.MeasuredCi95[1]:G3}]"));
        }
        AnsiConsole.Write(table);
        AnsiConsole.MarkupLine(Markup.Escape($"continuous design objective {d.Continuous.Predicted:G5}; error profile: Delta correlation length {d.Profile.DeltaLength:G3}, delta {d.Profile.ShiftLength:G3}"));
    }
}
