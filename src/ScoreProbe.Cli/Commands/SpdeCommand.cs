using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core.Spde;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe spde</c>: the simplified SPDE model of paper 004 §5 (heat-equation target, Q-Wiener flux noise) over
/// noise realisations; KL(u_t || v_t) curves with a 5–95% band and the eq. (10) fit of lambda and eta.
/// </summary>
public static class SpdeCommand
{
    /// <summary>The validated settings, as recorded in the result file.</summary>
    public sealed record Settings(int Dim, int Cells, double Noise, int Realisations, int Seed, string Boundary, string Form,
        int NoiseModes, int RecordPoints, double InitialShift, double Horizon, bool FreezeTarget, double FitFrom, string Target);

    public static Command Build()
    {
        var dim = new Option<int>("--dim") { Description = "Spatial dimension, 1 or 2", DefaultValueFactory = _ => 1 };
        var cells = new Option<int?>("--cells") { Description = "Cells per axis (>= 4; default 128 in 1-D, 48 in 2-D)" };
        var noise = new Option<double>("--noise") { Description = "Amplitude sigma of the Q-Wiener flux noise (>= 0)", DefaultValueFactory = _ => 0.2 };
        var realisations = new Option<int>("--realisations") { Description = "Independent noise realisations (>= 1)", DefaultValueFactory = _ => 16 };
        var seed = new Option<int>("--seed") { Description = "Random seed", DefaultValueFactory = _ => 0 };
        var json = new Option<string>("--json") { Description = "Result JSON path", Required = true }.WritesFile();
        var csv = new Option<string?>("--csv") { Description = "Optional CSV of the KL curve (t, mean, median, q05, q95)" }.WritesFile();
        var boundary = new Option<string>("--boundary") { Description = "zero-flux or periodic", DefaultValueFactory = _ => "zero-flux" };
        var form = new Option<string>("--form") { Description = "reverse-fp (eq. 5/7, tracks v_t exactly without noise) or gradient-flow (eq. 8 as printed)", DefaultValueFactory = _ => "reverse-fp" };
        var modes = new Option<int>("--modes") { Description = "Sine modes per axis of the noise (>= 1)", DefaultValueFactory = _ => 6 };
        var points = new Option<int>("--record-points") { Description = "Times at which KL is recorded (>= 5)", DefaultValueFactory = _ => 101 };
        var shift = new Option<double>("--initial-shift") { Description = "Start u_0 = v_0 shifted by this along the first axis", DefaultValueFactory = _ => 0.0 };
        var freeze = new Option<bool>("--freeze-target") { Description = "Hold the target at v_T = p_0 (quasi-static, §5.1); with --form gradient-flow the drift is the KL gradient flow" };
        var fitFrom = new Option<double>("--fit-from") { Description = "Fit eq. (10) only on record times t >= this (0 <= value < horizon)", DefaultValueFactory = _ => 0.0 };
        var horizon = new Option<double>("--horizon") { Description = "T: v_T = p_0, v_0 = p_0 heat-smoothed for time T (> 0)", DefaultValueFactory = _ => 1.0 };

        var command = new Command("spde", "Simplified SPDE model of score errors (paper 004 §5): KL(u_t || v_t) band over noise realisations and the fit of dE/dt <= -2 lambda E + eta.");
        foreach (var option in new Option[] { dim, cells, noise, realisations, seed, json, csv, boundary, form, modes, points, shift, horizon, freeze, fitFrom }) command.Options.Add(option);
        command.Map(("noise-amplitude", "--noise"), ("noise-modes", "--modes"));
        command.SetAction(parse =>
        {
            var settings = new Settings(parse.GetValue(dim), parse.GetValue(cells) ?? (parse.GetValue(dim) == 2 ? 48 : 128), parse.GetValue(noise), parse.GetValue(realisations),
                parse.GetValue(seed), parse.GetValue(boundary)!, parse.GetValue(form)!, parse.GetValue(modes), parse.GetValue(points),
                parse.GetValue(shift), parse.GetValue(horizon), parse.GetValue(freeze), parse.GetValue(fitFrom), "bimodal: 0.5 N(-1.5 e1, 0.25 I) + 0.5 N(1.5 e1, 0.25 I)");
            var jsonPath = parse.GetValue(json)!;
            var csvPath = parse.GetValue(csv);
            var config = ToConfig(settings);
            SpdeEnsemble.Prepare(config, settings.FitFrom);

            var clock = Stopwatch.StartNew();
            var result = new ProgressReporter().Run("spde realisations", settings.Realisations,
                report => SpdeEnsemble.Run(config, done => report(done, null), settings.FitFrom));
            var seconds = clock.Elapsed.TotalSeconds;

            var timing = new JsonObject { ["total_seconds"] = seconds, ["seconds_per_realisation"] = seconds / settings.Realisations };
            ResultJson.Write(jsonPath, ResultJson.Envelope("spde", settings, Body(result), timing));
            if (csvPath is not null) AtomicFile.WriteAllText(csvPath, Csv(result));
            PrintTable(settings, result);
            return 0;
        });
        return command;
    }

    private static SpdeBoundary ParseBoundary(string value) => value switch
    {
        "zero-flux" => SpdeBoundary.ZeroFlux,
        "periodic" => SpdeBoundary.Periodic,
        _ => throw new InvalidConfigurationException("boundary", $"must be zero-flux or periodic (got '{value}')"),
    };

    private static SpdeDriftForm ParseForm(string value) => value switch
    {
        "reverse-fp" => SpdeDriftForm.ReverseFokkerPlanck,
        "gradient-flow" => SpdeDriftForm.GradientFlow,
        _ => throw new InvalidConfigurationException("form", $"must be reverse-fp or gradient-flow (got '{value}')"),
    };

    private static SpdeConfig ToConfig(Settings s) =>
        new(s.Dim, s.Cells, s.Noise, s.Realisations, s.Seed, ParseBoundary(s.Boundary), ParseForm(s.Form), s.NoiseModes, s.RecordPoints, InitialShift: s.InitialShift, FreezeTarget: s.FreezeTarget)
        {
            Target = HeatTarget.Bimodal(s.Dim, s.Horizon),
        };

    private static JsonObject Body(SpdeEnsembleResult r) => new()
    {
        ["grid"] = new JsonObject { ["half_width"] = r.HalfWidth, ["spacing"] = r.Spacing },
        ["kl"] = new JsonObject
        {
            ["times"] = ResultJson.ToNode(r.Times),
            ["mean"] = ResultJson.ToNode(r.MeanKl),
            ["median"] = ResultJson.ToNode(r.MedianKl),
            ["lower"] = ResultJson.ToNode(r.LowerKl),
            ["upper"] = ResultJson.ToNode(r.UpperKl),
            ["band_quantiles"] = ResultJson.ToNode(new[] { SpdeEnsembleResult.LowerQuantile, SpdeEnsembleResult.UpperQuantile }),
        },
        ["final_kl"] = ResultJson.ToNode(r.FinalKl),
        ["fit"] = r.Fit is null ? null : new JsonObject
        {
            ["lambda"] = r.Fit.Lambda,
            ["eta"] = r.Fit.Eta,
            ["lambda_standard_error"] = r.Fit.LambdaStandardError,
            ["r_squared"] = r.Fit.RSquared,
            ["plateau"] = r.Fit.Plateau,
            ["method"] = "OLS of central-difference dE/dt on E over interior record times t >= fit_from of the mean KL curve",
            ["fit_from"] = r.FitFrom,
        },
        ["diagnostics"] = new JsonObject
        {
            ["max_mass_error"] = r.MaxMassError,
            ["min_density"] = r.MinDensity,
            ["steps_per_realisation"] = r.StepsPerRealisation,
            ["limited_steps"] = r.LimitedSteps,
        },
    };

    private static string Csv(SpdeEnsembleResult r)
    {
        var text = new StringBuilder("t,mean,median,q05,q95\n");
        for (var i = 0; i < r.Times.Length; i++)
            text.AppendLine(string.Join(',', new[] { r.Times[i], r.MeanKl[i], r.MedianKl[i], r.LowerKl[i], r.UpperKl[i] }.Select(v => v.ToString("R", CultureInfo.InvariantCulture))));
        return text.ToString();
    }

    private static void PrintTable(Settings s, SpdeEnsembleResult r)
    {
        var table = new Table().Title($"SPDE model, {s.Dim}-D, {s.Cells} cells/axis, noise {s.Noise}, {s.Realisations} realisations");
        table.AddColumns("quantity", "value");
        table.AddRow(new Text("lambda (eq. 10)"), new Text(r.Fit is null ? "n/a (KL constant)" : $"{r.Fit.Lambda:G4} ± {r.Fit.LambdaStandardError:G2}"));
        table.AddRow(new Text("eta (eq. 10)"), new Text(r.Fit is null ? "n/a" : $"{r.Fit.Eta:G4}"));
        table.AddRow(new Text("fit R^2"), new Text(r.Fit is null ? "n/a" : $"{r.Fit.RSquared:F3}"));
        table.AddRow(new Text("final KL mean"), new Text($"{r.MeanKl[^1]:G4}"));
        table.AddRow(new Text("final KL 5-95% band"), new Text($"[{r.LowerKl[^1]:G4}, {r.UpperKl[^1]:G4}]"));
        table.AddRow(new Text("max mass error"), new Text($"{r.MaxMassError:E1}"));
        table.AddRow(new Text("min density"), new Text($"{r.MinDensity:E1}"));
        AnsiConsole.Write(table);
    }
}
