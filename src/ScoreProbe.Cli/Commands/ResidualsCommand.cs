using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Probing;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe residuals</c>: score residuals of trained networks at a sampler's evaluation times, on a common probability space
/// (paper 000 §7), in the layouts <c>estimate</c> reads. Several checkpoints are an ensemble: member m's repetitions are
/// <c>rep = m R .. m R + R - 1</c>, all members on the same (x0, eps) pairs.
/// </summary>
public static class ResidualsCommand
{
    /// <summary>The validated settings, as recorded in the manifest.</summary>
    public sealed record Settings(IReadOnlyList<string> Checkpoints, string Sampler, int Steps, int Reps, int Batch, string Kind, string Out, string Format, int Seed);

    public static Command Build()
    {
        var checkpoints = new Option<string[]>("--checkpoint") { Description = "Checkpoint files (.ckpt); several form an ensemble", Required = true, AllowMultipleArgumentsPerToken = true };
        var sampler = new Option<string>("--sampler") { Description = string.Join(" | ", SamplerPlan.Names) + ": whose evaluation times to probe", DefaultValueFactory = _ => "ddpm" };
        var steps = new Option<int>("--steps") { Description = "Timesteps the sampler visits (1..N of the network's schedule)", DefaultValueFactory = _ => 1000 };
        var reps = new Option<int>("--reps") { Description = "Repetitions R per checkpoint (>= 2: a covariance needs two)", DefaultValueFactory = _ => 4 };
        var batch = new Option<int>("--batch") { Description = "Coupled (x0, eps) pairs B per repetition", DefaultValueFactory = _ => 256 };
        var kind = new Option<string>("--kind") { Description = "exact (Gaussian data: s_hat - grad log p_t) | observable (-(eps_hat - eps)/b_t, any data) | auto", DefaultValueFactory = _ => "auto" };
        var output = new Option<string>("--out") { Description = "Residual file (.csv, .bin or .npz, layouts in docs/estimation-spde.md)", Required = true }.WritesFile();
        var format = new Option<string?>("--format") { Description = "csv | bin | npz (default: from the extension of --out)" };
        var json = new Option<string?>("--json") { Description = "Manifest: config, members and their repetitions, times and timesteps, timings" }.WritesFile();
        var seed = new Option<int>("--seed") { Description = "Seed of the (x0, eps) pairs", DefaultValueFactory = _ => 0 };
        var command = new Command("residuals", "Score residuals of checkpoints at a sampler's evaluation times (paper 000 §7), for estimate and predict");
        foreach (var o in new Option[] { checkpoints, sampler, steps, reps, batch, kind, output, format, json, seed }) command.Options.Add(o);
        command.Map(("residual", "--kind"));
        command.SetAction(parse =>
        {
            var outPath = parse.GetValue(output)!;
            var settings = new Settings(parse.GetValue(checkpoints)!, parse.GetValue(sampler)!, parse.GetValue(steps), parse.GetValue(reps), parse.GetValue(batch),
                parse.GetValue(kind)!, outPath, ResidualFile.ResolveFormat(outPath, parse.GetValue(format)), parse.GetValue(seed));
            Run(settings, parse.GetValue(json));
            return 0;
        });
        return command;
    }

    /// <summary>The residual kind a flag value names for this data (auto: exact for Gaussian data, observable otherwise).</summary>
    public static ResidualKind Kind(string value, IDataset data) => Guard.OneOf("residual", value, ["auto", "exact", "observable"]) switch
    {
        "exact" => ResidualKind.ExactScore,
        "observable" => ResidualKind.Observable,
        _ => DataGaussian.IsExact(data) ? ResidualKind.ExactScore : ResidualKind.Observable,
    };

    private static void Run(Settings s, string? manifest)
    {
        Guard.AtLeast("reps", s.Reps, 2, "a covariance needs at least two repetitions");
        Guard.AtLeast("batch", s.Batch, 2);
        Guard.AtLeast("seed", s.Seed, 0);
        using var ensemble = CheckpointEnsemble.Load(s.Checkpoints);
        var kind = Kind(s.Kind, ensemble.Data);
        var plan = SamplerPlan.Create(s.Sampler, s.Steps, ensemble.Timeline);
        var timesteps = plan.EvaluationTimesteps(plan.Problem(DataGaussian.Of(ensemble.Data)));
        var options = new ResidualProbeOptions(s.Reps, s.Batch, s.Seed, kind);
        options.Validate();
        if (kind == ResidualKind.ExactScore && !DataGaussian.IsExact(ensemble.Data))
            throw new InvalidConfigurationException("residual", $"exact needs Gaussian data; the checkpoints model {ensemble.Data.Name}: use --kind observable");

        var clock = Stopwatch.StartNew();
        var sets = new ProgressReporter().Run("residuals", ensemble.Checkpoints.Count, report => ensemble.Checkpoints.Select((c, m) =>
        {
            var set = ResidualProbe.Run(c.SamplingModel, ensemble.Data, ensemble.Timeline, timesteps, options);
            report(m + 1, Path.GetFileName(c.Path));
            return set;
        }).ToArray());
        var combined = ResidualSet.Concatenate(sets);
        var seconds = clock.Elapsed.TotalSeconds;
        ResidualFile.Write(s.Out, s.Format, combined);
        if (manifest is not null)
        {
            var body = new JsonObject
            {
                ["residual_file"] = s.Out,
                ["kind"] = kind == ResidualKind.ExactScore ? "exact" : "observable",
                ["definition"] = kind == ResidualKind.ExactScore
                    ? "R = s_hat(x_t) - grad log p_t(x_t), s_hat = -eps_hat / b_t"
                    : "R = -(eps_hat(x_t) - eps) / b_t: the exact-score residual plus (eps - E[eps | x_t]) / b_t, whose affine projection vanishes",
                ["layout"] = "x_t = a_t x0 + b_t eps with the same (x0, eps) pairs of repetition r at every time and for every checkpoint; time_index follows the sampler's evaluation order",
                ["times"] = ResultJson.ToNode(combined.Times),
                ["timesteps"] = ResultJson.ToNode(timesteps),
                ["members"] = new JsonArray(ensemble.Checkpoints.Select((c, m) => (JsonNode)new JsonObject
                {
                    ["checkpoint"] = c.Path, ["step"] = c.Step, ["first_rep"] = m * s.Reps, ["reps"] = s.Reps,
                }).ToArray()),
            };
            ResultJson.Write(manifest, ResultJson.Envelope("residuals", s, body, new JsonObject { ["probe_seconds"] = seconds }));
        }
        AnsiConsole.WriteLine($"wrote {combined.Repetitions} repetitions ({ensemble.Checkpoints.Count} checkpoint(s) x {s.Reps}) x {combined.TimeCount} times x {s.Batch} pairs " +
            $"(d = {combined.Dim}, {(kind == ResidualKind.ExactScore ? "exact-score" : "observable")} residuals) to {s.Out} in {seconds:F1} s");
    }
}
