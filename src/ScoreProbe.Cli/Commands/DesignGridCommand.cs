using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;
using ScoreProbe.Core.Design;
using ScoreProbe.Core.Problems;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe design-grid</c>: the time grid that minimises the predicted E W2^2 at the final step for a fixed number of
/// steps (paper 000 §7, §10), next to the standard families at the same NFE, each predicted and measured.
/// </summary>
public static class DesignGridCommand
{
    /// <summary>Recorded configuration.</summary>
    public sealed record DesignGridConfig(GaussianProblemConfig Problem, int? Nfe, int Draws, int Starts);

    public static Command Build()
    {
        var problemOptions = new GaussianProblemOptions(defaultSteps: 20, withGrid: false);
        var nfe = new Option<int?>("--nfe") { Description = "Budget of score evaluations (overrides --steps: K = NFE / evaluations per step)" };
        var draws = new Option<int>("--draws") { Description = "Monte Carlo draws per grid under score errors (>= 2)", DefaultValueFactory = _ => 2000 };
        var starts = new Option<int>("--starts") { Description = "Perturbed starts besides the four standard families", DefaultValueFactory = _ => 2 };
        var json = new Option<string?>("--json") { Description = "Write the result record to this path" }.WritesFile();
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "Trained vector checkpoints (.ckpt): design DDIM timesteps from their estimated errors instead of a Gaussian problem", AllowMultipleArgumentsPerToken = true };
        var knots = new Option<int>("--knots") { Description = "With --checkpoint: timesteps probed for the error profile, evenly spaced", DefaultValueFactory = _ => 50 };
        var n = new Option<int>("--n") { Description = "With --checkpoint: samples per network and list for the measured W2^2 (0: predictions only)", DefaultValueFactory = _ => 2000 };
        var reps = new Option<int>("--reps") { Description = "With --checkpoint: residual repetitions R per network (>= 2)", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "With --checkpoint: coupled (x0, eps) pairs per repetition (> d)", DefaultValueFactory = _ => 256 };
        var bootstrap = new Option<int>("--bootstrap") { Description = "With --checkpoint: bootstrap resamples for the intervals (>= 10)", DefaultValueFactory = _ => 200 };
        var command = new Command("design-grid", "Optimal time grid for a sampler at a fixed number of score evaluations, vs uniform, quadratic, Karras and log-SNR grids (paper 000 §7, §10); " +
            "with --checkpoint, DDIM timesteps designed from trained networks' errors vs diffusers' leading and trailing spacings");
        problemOptions.AddTo(command);
        var networkOnly = new Option[] { knots, n, reps, batch, bootstrap };
        foreach (var o in new Option[] { nfe, draws, starts, json, checkpoints }.Concat(networkOnly)) command.Options.Add(o);
        command.SetAction(parse =>
        {
            bool Given(Option o) => parse.GetResult(o) is { Implicit: false };
            if (parse.GetValue(checkpoints) is { Length: > 0 } paths)
            {
                foreach (var name in problemOptions.GivenProblemOptions(parse).Concat(new Option[] { nfe, draws }.Where(Given).Select(o => o.Name.TrimStart('-'))))
                    throw new InvalidConfigurationException(name, "describes a Gaussian problem; with --checkpoint the target, schedule and errors are the checkpoints': drop it");
                var settings = new NetworkDesignGrid.Settings(paths, problemOptions.SamplerGiven(parse) ? problemOptions.Read(parse).Sampler : "ddim",
                    problemOptions.StepsGiven(parse) ? problemOptions.Read(parse).Steps : 25, parse.GetValue(knots), parse.GetValue(starts), parse.GetValue(n),
                    parse.GetValue(reps), parse.GetValue(batch), parse.GetValue(bootstrap), problemOptions.Read(parse).Seed);
                return NetworkDesignGrid.Run(settings, parse.GetValue(json));
            }
            foreach (var o in networkOnly.Where(Given))
                throw new InvalidConfigurationException(o.Name.TrimStart('-'), "applies to the design for a checkpoint: add --checkpoint or drop it");
            return Run(new DesignGridConfig(problemOptions.Read(parse), parse.GetValue(nfe), parse.GetValue(draws), parse.GetValue(starts)), parse.GetValue(json));
        });
        return command;
    }

    public static int Run(DesignGridConfig config, string? jsonPath)
    {
        if (config.Draws < 2) throw new InvalidConfigurationException("draws", $"must be >= 2 (got {config.Draws})");
        var spec = config.Problem.ToSpec();
        var schedule = spec.BuildSchedule();
        var sampler = spec.BuildSampler();
        var steps = config.Nfe is { } budget ? SamplerCost.StepsForBudget(sampler, schedule, budget) : spec.Steps;
        if (steps < 1) throw new InvalidConfigurationException("steps", $"must be >= 1 (got {steps})");
        spec = spec with { Steps = steps };
        var perStep = SamplerCost.EvaluationsPerStep(sampler, schedule);

        var clock = Stopwatch.StartNew();
        var objective = GridDesigner.Objective(spec, steps);
        var standard = GridDesigner.StandardGrids(objective, schedule);
        var design = new ProgressReporter().Run("designing the grid", 1, _ => GridDesigner.Design(objective, standard, config.Starts, spec.Seed));
        var designSeconds = clock.Elapsed.TotalSeconds;

        clock.Restart();
        var grids = new[] { ("optimised", design.Grid) }.Concat(standard.Select(g => (g.Kind, g))).ToArray();
        var evaluations = grids.Select(g => GridEvaluation.Run(spec, g.Item1, g.Item2, config.Draws, spec.Seed, objective.IsUnstable(g.Item2.Times))).ToArray();
        var measureSeconds = clock.Elapsed.TotalSeconds;

        Print(evaluations, steps * perStep, design);
        if (jsonPath is not null)
        {
            var optimised = evaluations[0];
            var body = new JsonObject
            {
                ["steps"] = steps,
                ["nfe"] = steps * perStep,
                ["evaluations_per_step"] = perStep,
                ["grid"] = new JsonArray(design.Grid.Times.Select(t => (JsonNode)t).ToArray()),
                ["custom"] = design.Grid.ToCustomSpec(),
                ["optimised"] = EvaluationJson(optimised),
                ["standard"] = new JsonArray(evaluations.Skip(1).Select(e => (JsonNode)EvaluationJson(e)).ToArray()),
                ["best_standard"] = evaluations.Skip(1).MinBy(e => e.MeasuredValue)!.Kind,
                ["runs"] = new JsonArray(design.Runs.Select(r => (JsonNode)new JsonObject
                {
                    ["start"] = r.Start,
                    ["start_value"] = r.StartValue,
                    ["final_value"] = r.FinalValue,
                    ["iterations"] = r.Iterations,
                    ["converged"] = r.Converged,
                    ["relative_gradient"] = r.RelativeGradient,
                }).ToArray()),
            };
            var timing = new JsonObject { ["design_seconds"] = designSeconds, ["measure_seconds"] = measureSeconds };
            ResultJson.Write(jsonPath, ResultJson.Envelope("design-grid", config with { Problem = config.Problem.Ran(spec) with { Steps = steps } }, body, timing));
            Console.WriteLine($"wrote {jsonPath}");
        }
        AnsiConsole.MarkupLine(Markup.Escape($"design {designSeconds:F2} s, measurement {measureSeconds:F2} s. kernel --grid {design.Grid.ToCustomSpec()}"));
        return 0;
    }

    private static JsonObject EvaluationJson(GridEvaluation e)
    {
        var o = new JsonObject { ["kind"] = e.Kind, ["stable"] = e.Stable, ["grid"] = new JsonArray(e.Grid.Times.Select(t => (JsonNode)t).ToArray()) };
        if (e.Row is { } r)
        {
            o["E0"] = r.E0;
            o["Edisc"] = r.EDisc;
            o["Q_complete"] = r.Terms.Complete;
            o["predicted"] = r.Predicted;
            o["measured"] = e.Measured!.Value.Mean;
            o["measured_ci95"] = new JsonArray(e.Measured.Value.Lower, e.Measured.Value.Upper);
            o["evaluation_times"] = e.EvaluationTimes;
        }
        return o;
    }

    private static void Print(GridEvaluation[] evaluations, int nfe, GridDesign design)
    {
        var table = new Table().Title($"E W2^2 at the final step, {design.Grid.Steps} steps, NFE {nfe}");
        foreach (var column in new[] { "grid", "E0", "Edisc", "Q", "predicted", "measured ± 95% CI", "vs optimised" })
            table.AddColumn(new TableColumn(column).RightAligned());
        var best = evaluations[0].MeasuredValue;
        foreach (var e in evaluations)
        {
            if (e.Row is not { } r)
            {
                table.AddRow(e.Kind, "unstable", "-", "-", "-", "-", "-");
                continue;
            }
            var m = e.Measured!.Value;
            table.AddRow(e.Kind, $"{r.E0:G4}", $"{r.EDisc:G4}", $"{r.Terms.Complete:G4}", $"{r.Predicted:G5}",
                m.HalfWidth95 > 0 ? $"{m.Mean:G5} ± {m.HalfWidth95:G2}" : $"{m.Mean:G5} (exact)", $"{m.Mean / best:F3}x");
        }
        AnsiConsole.Write(table);
    }
}
