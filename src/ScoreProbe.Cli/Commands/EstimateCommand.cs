using ScoreProbe.Core;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Statistics;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe estimate</c>: paper 000 §7 on residuals a user brings (refit-per-repetition affine coefficients, structured
/// time-time covariances, bootstrap), or, with <c>--synthesize</c>, writes a synthetic residual file from the AR(1)
/// affine error model (<see cref="SyntheticResidualModel"/>).
/// </summary>
public static class EstimateCommand
{
    /// <summary>The validated settings of an estimation run, as recorded in the result file.</summary>
    public sealed record Settings(string Residuals, string Format, string Structure, double Ridge, bool DiagonalDelta,
        int? Bandwidth, int? Rank, int Bootstrap, bool ProjectPsd, int Seed, ResidualPrediction? Prediction = null);

    /// <summary>The settings of a synthesis run.</summary>
    public sealed record SynthesisSettings(string Path, string Format, int Times, int Reps, int Batch, int Dim, double Rho, int Seed);

    public static Command Build()
    {
        var residuals = new Option<string?>("--residuals") { Description = "Residual file (CSV or binary layout, see docs/estimation-spde.md)" };
        var format = new Option<string?>("--format") { Description = "csv, bin or npz (default: from the file extension .csv / .bin / .npz; npz is read only)" };
        var structure = new Option<string>("--structure") { Description = "unrestricted, banded, lowrank or separable", DefaultValueFactory = _ => "unrestricted" };
        var bandwidth = new Option<int?>("--bandwidth") { Description = "Banded model: fixed half-width w (default: chosen on held-out repetitions)" };
        var rank = new Option<int?>("--rank") { Description = "Low-rank model: fixed temporal rank (default: chosen on held-out repetitions)" };
        var ridge = new Option<double>("--ridge") { Description = "Ridge lambda of the affine fit (>= 0)", DefaultValueFactory = _ => 0.0 };
        var diagonal = new Option<bool>("--diagonal-delta") { Description = "Restrict Delta to a diagonal matrix" };
        var bootstrap = new Option<int>("--bootstrap") { Description = "Bootstrap resamples over repetitions (0 = none, else >= 10)", DefaultValueFactory = _ => 0 };
        var noPsd = new Option<bool>("--no-psd-projection") { Description = "Keep the estimate as fitted instead of clipping negative eigenvalues" };
        var seed = new Option<int>("--seed") { Description = "Random seed (folds, bootstrap, synthesis)", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Result JSON path (required with --residuals)" }.WritesFile();
        var synthesize = new Option<string?>("--synthesize") { Description = "Write synthetic AR(1) residuals to this path instead of estimating" }.WritesFile();
        var times = new Option<int>("--times") { Description = "Synthesis: grid times m", DefaultValueFactory = _ => 8 };
        var reps = new Option<int>("--reps") { Description = "Synthesis: repetitions R", DefaultValueFactory = _ => 200 };
        var batch = new Option<int>("--batch") { Description = "Synthesis: draws per repetition and time B", DefaultValueFactory = _ => 64 };
        var dim = new Option<int>("--dim") { Description = "Synthesis: state dimension d", DefaultValueFactory = _ => 2 };
        var predictSampler = new Option<string?>("--predict-sampler") { Description = "Contract the estimate with this sampler's kernel: predicted Q at the final step (em, pf-euler, ddpm, ddim, exp-integrator)" };
        var predictSchedule = new Option<string>("--predict-schedule") { Description = "Schedule of the prediction", DefaultValueFactory = _ => "vp-linear" };
        var spectrum = new Option<double>("--spectrum") { Description = "Prediction target N(0, C), C = diag(i^-p) with tr C = d", DefaultValueFactory = _ => 0.0 };
        var tMin = new Option<double?>("--t-min") { Description = "Prediction grid's first time (default: half the first residual time)" };
        var rho = new Option<double>("--rho") { Description = "Synthesis: lag-one time correlation of the coefficients, |rho| < 1", DefaultValueFactory = _ => 0.7 };

        var command = new Command("estimate", "Estimate time-time covariances of the affine score error from residuals (paper 000 §7), or synthesize residuals.");
        foreach (var option in new Option[] { residuals, format, structure, bandwidth, rank, ridge, diagonal, bootstrap, noPsd, seed, json, synthesize, times, reps, batch, dim, rho, predictSampler, predictSchedule, spectrum, tMin })
            command.Options.Add(option);
        command.Map(("repetitions", "--reps"), ("bootstrap-resamples", "--bootstrap"));
        command.SetAction(parse =>
        {
            var synthesisPath = parse.GetValue(synthesize);
            var residualPath = parse.GetValue(residuals);
            if ((synthesisPath is null) == (residualPath is null))
                throw new InvalidConfigurationException("pass exactly one of --residuals PATH (estimate) or --synthesize PATH (write synthetic residuals)");
            if (synthesisPath is not null)
            {
                Synthesize(new SynthesisSettings(synthesisPath, ResidualFile.ResolveFormat(synthesisPath, parse.GetValue(format)), parse.GetValue(times),
                    parse.GetValue(reps), parse.GetValue(batch), parse.GetValue(dim), parse.GetValue(rho), parse.GetValue(seed)));
                return 0;
            }
            var jsonPath = parse.GetValue(json) ?? throw new InvalidConfigurationException("--json PATH is required with --residuals; pass where to write the result");
            var settings = new Settings(residualPath!, ResidualFile.ResolveFormat(residualPath!, parse.GetValue(format)), parse.GetValue(structure)!,
                parse.GetValue(ridge), parse.GetValue(diagonal), parse.GetValue(bandwidth), parse.GetValue(rank), parse.GetValue(bootstrap),
                !parse.GetValue(noPsd), parse.GetValue(seed),
                parse.GetValue(predictSampler) is { } sampler ? new ResidualPrediction(sampler, parse.GetValue(predictSchedule)!, parse.GetValue(spectrum), parse.GetValue(tMin)) : null);
            Estimate(settings, jsonPath);
            return 0;
        });
        return command;
    }

    private static void Synthesize(SynthesisSettings s)
    {
        var set = new SyntheticResidualModel(s.Times, s.Reps, s.Batch, s.Dim, s.Rho).Sample(s.Seed);
        ResidualFile.Write(s.Path, s.Format, set);
        AnsiConsole.WriteLine($"wrote {s.Reps} x {s.Times} x {s.Batch} residuals (d = {s.Dim}, rho = {s.Rho}) to {s.Path}");
    }

    private static void Estimate(Settings s, string jsonPath)
    {
        var kind = s.Structure switch
        {
            "unrestricted" => CovarianceStructureKind.Unrestricted,
            "banded" => CovarianceStructureKind.Banded,
            "lowrank" => CovarianceStructureKind.LowRank,
            "separable" => CovarianceStructureKind.Separable,
            _ => throw new InvalidConfigurationException("structure", $"must be unrestricted, banded, lowrank or separable (got '{s.Structure}')"),
        };
        var options = new CovarianceAnalysisOptions(kind, s.Ridge, s.DiagonalDelta, s.Bandwidth, s.Rank, s.Bootstrap, s.Seed, s.ProjectPsd);
        var set = Read(s);
        options.Validate(set);
        options = options with { PredictedError = s.Prediction?.Contraction(set, s.DiagonalDelta) };
        var clock = Stopwatch.StartNew();
        var analysis = ResidualCovarianceAnalysis.Run(set, options);
        var seconds = clock.Elapsed.TotalSeconds;
        ResultJson.Write(jsonPath, ResultJson.Envelope("estimate", s, Body(set, analysis), new JsonObject { ["total_seconds"] = seconds }));
        PrintTable(s, set, analysis);
    }

    private static ResidualSet Read(Settings s)
    {
        if (Directory.Exists(s.Residuals)) throw new InvalidConfigurationException("residuals", $"'{s.Residuals}' is a folder; pass a residual file");
        if (!File.Exists(s.Residuals)) throw new InvalidConfigurationException("residuals", $"'{s.Residuals}' not found; create one with 'scoreprobe estimate --synthesize PATH'");
        try
        {
            return ResidualFile.Read(s.Residuals, s.Format);
        }
        catch (ResidualFormatException e)
        {
            throw new InvalidConfigurationException("residuals", $"'{s.Residuals}': {e.Message}; see the layout in docs/estimation-spde.md", e);
        }
    }

    private static JsonObject Body(ResidualSet set, CovarianceAnalysis analysis)
    {
        var estimate = analysis.Covariance.Joint;
        var samples = analysis.Samples;
        JsonNode? Matrix(Matrix<double> m) => ResultJson.ToNode(m.ToRowArrays());
        var shiftKernel = Matrix<double>.Build.Dense(estimate.Times, estimate.Times, (a, b) => analysis.Covariance.ShiftBlock(a, b).Trace());
        var deltaKernel = Matrix<double>.Build.Dense(estimate.Times, estimate.Times, (a, b) => analysis.Covariance.DeltaBlock(a, b).Trace());
        var body = new JsonObject
        {
            ["data"] = new JsonObject { ["times"] = ResultJson.ToNode(set.Times), ["repetitions"] = set.Repetitions, ["batch"] = set.Batch, ["dim"] = set.Dim },
            ["covariance"] = new JsonObject
            {
                ["structure"] = estimate.Structure.ToString(),
                ["bandwidth"] = estimate.Bandwidth,
                ["rank"] = estimate.Rank,
                ["rho"] = estimate.Rho,
                ["correlation_length"] = CorrelationLength(set.Times, estimate.Rho),
                ["modes_per_time"] = estimate.ModesPerTime,
                ["delta_modes"] = samples.DeltaModes,
                ["layout"] = "stacked[a*p + k][b*p + l] = Cov(z_{a,k}, z_{b,l}); z_a = (vec Delta_a, delta_a); vec row-major (i*d + j) or diagonal (i) with --diagonal-delta",
                ["negative_eigenvalue_mass_before_projection"] = analysis.NegativeEigenvalueMassBeforeProjection,
                ["shift_trace_kernel"] = Matrix(shiftKernel),
                ["delta_trace_kernel"] = Matrix(deltaKernel),
                ["stacked"] = Matrix(estimate.ToMatrix()),
            },
            ["per_time"] = ResultJson.ToNode(analysis.PerTime),
            ["bootstrap"] = ResultJson.ToNode(analysis.Functionals),
        };
        if (analysis.PredictedError is { } predicted)
        {
            body["predicted_error"] = predicted;
            body["predicted_error_interval"] = ResultJson.ToNode(analysis.PredictedErrorInterval);
        }
        return body;
    }

    /// <summary>ell with rho = exp(-h / ell) on a uniform grid of spacing h; null for non-uniform grids or rho outside (0, 1).</summary>
    private static double? CorrelationLength(IReadOnlyList<double> times, double? rho)
    {
        if (rho is not (> 0 and < 1) || times.Count < 2) return null;
        var h = (times[^1] - times[0]) / (times.Count - 1);
        var uniform = Enumerable.Range(1, times.Count - 1).All(a => Math.Abs(times[a] - times[a - 1] - h) <= 1e-9 * Math.Abs(h));
        return uniform ? -Math.Abs(h) / Math.Log(rho.Value) : null;
    }

    private static void PrintTable(Settings s, ResidualSet set, CovarianceAnalysis analysis)
    {
        var estimate = analysis.Covariance.Joint;
        var chosen = estimate.Structure switch
        {
            CovarianceStructureKind.Banded => $", bandwidth w = {estimate.Bandwidth}",
            CovarianceStructureKind.LowRank => $", rank r = {estimate.Rank}",
            CovarianceStructureKind.Separable => $", rho = {estimate.Rho:F3}",
            _ => "",
        };
        var table = new Table().Title($"{s.Structure} covariance from R = {set.Repetitions}, m = {set.TimeCount}, B = {set.Batch}, d = {set.Dim}{chosen}");
        table.AddColumns("t", "residual rms", "|E delta|", "tr Var delta", "|E Delta|_F", "tr Var Delta");
        foreach (var row in analysis.PerTime)
            table.AddRow(new Text($"{row.Time:G4}"), new Text($"{row.ResidualRms:G4}"), new Text($"{row.ShiftMeanNorm:G4}"), new Text($"{row.ShiftVariance:G4}"), new Text($"{row.DeltaMeanNorm:G4}"), new Text($"{row.DeltaVariance:G4}"));
        AnsiConsole.Write(table);
        foreach (var (name, interval) in analysis.Functionals)
            AnsiConsole.WriteLine($"{name} = {interval.Estimate:G4}  ({interval.Level:P0} bootstrap interval [{interval.Lower:G4}, {interval.Upper:G4}])");
        if (analysis.PredictedError is { } predicted)
            AnsiConsole.WriteLine($"predicted Q (complete kernel, {s.Prediction!.Sampler} on {s.Prediction.Schedule}) = {predicted:G4}" +
                (analysis.PredictedErrorInterval is { } i ? $"  ({i.Level:P0} bootstrap interval [{i.Lower:G4}, {i.Upper:G4}])" : ""));
    }
}
