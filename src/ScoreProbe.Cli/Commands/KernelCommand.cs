using ScoreProbe.Core.IO;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe kernel</c>: expected W2^2 of a sampler with correlated score errors as E0 + Edisc + Q (paper 000 Theorem 5.1),
/// checked against Monte Carlo of the exact conditional propagation.
/// </summary>
public static class KernelCommand
{
    public static Command Build()
    {
        var problemOptions = new GaussianProblemOptions(defaultSteps: 100, withGrid: true);
        var draws = new Option<int>("--draws") { Description = "Monte Carlo draws (0 = prediction only)", DefaultValueFactory = _ => 2000 };
        var engine = new Option<string>("--engine") { Description = "auto | modes (fast, isotropic single-stage) | directional (general)", DefaultValueFactory = _ => "auto" };
        var curvePoints = new Option<int>("--curve-points") { Description = "Number of steps k reported in the curve", DefaultValueFactory = _ => 20 };
        var json = new Option<string?>("--json") { Description = "Write the result record to this path" }.WritesFile();
        var plot = new Option<string?>("--plot") { Description = "Draw the curve (prediction, its parts, Monte Carlo with 95% band) to PATH.png and PATH.svg" }.WritesFile(".png", ".svg");

        var command = new Command("kernel", "Kernel expansion of E W2^2 (E0 + Edisc + Q) vs Monte Carlo, Gaussian-linear setting (paper 000)");
        problemOptions.AddTo(command);
        foreach (var o in new Option[] { draws, engine, curvePoints, json, plot })
            command.Options.Add(o);
        command.SetAction(parse =>
        {
            var config = new KernelConfig(problemOptions.Read(parse), parse.GetValue(draws), parse.GetValue(engine)!, parse.GetValue(curvePoints));
            return Run(config, parse.GetValue(json), parse.GetValue(plot));
        });
        return command;
    }

    public static int Run(KernelConfig config, string? jsonPath, string? plotPath = null)
    {
        (var problem, var errors, config) = config.Build();
        var recorded = KernelExpansion.CurveIndices(problem.Grid.Steps, config.CurvePoints);
        var engineUsed = config.Path == KernelPath.Directional || !IsotropicModeKernelEngine.Supports(problem, errors) ? "directional" : "modes";

        var clock = Stopwatch.StartNew();
        var rows = KernelExpansion.Predict(problem, errors, recorded, config.Path);
        var kernelSeconds = clock.Elapsed.TotalSeconds;

        MonteCarloEstimate[]? measured = null;
        var mcSeconds = 0.0;
        if (config.Draws > 0)
        {
            clock.Restart();
            var pairs = (config.Draws + 1) / 2;
            measured = new ProgressReporter().Run("monte carlo (antithetic pairs)", pairs,
                report => MonteCarloReference.Run(problem, errors, recorded, config.Draws, config.Problem.Seed, done => report(done, null)));
            mcSeconds = clock.Elapsed.TotalSeconds;
        }

        PrintTable(rows, measured, engineUsed, kernelSeconds, mcSeconds);
        if (jsonPath is not null)
        {
            var body = new JsonObject
            {
                ["engine"] = engineUsed,
                ["evaluation_times"] = problem.EvaluationTimes.Count,
                ["terminal"] = RowJson(rows[0], measured?[0]),
                ["curve"] = new JsonArray(rows.Select((r, i) => (JsonNode)RowJson(r, measured?[i])).ToArray()),
            };
            var timing = new JsonObject { ["kernel_seconds"] = kernelSeconds, ["monte_carlo_seconds"] = mcSeconds };
            ResultJson.Write(jsonPath, ResultJson.Envelope("kernel", config, body, timing));
            Console.WriteLine($"wrote {jsonPath}");
        }
        if (plotPath is not null)
        {
            var figure = FigureRenderer.Render(CurveFigure(rows, measured, config));
            AtomicFile.WriteAllBytes(plotPath + ".png", figure.Png);
            AtomicFile.WriteAllText(plotPath + ".svg", figure.Svg);
            Console.WriteLine($"wrote {plotPath}.png and {plotPath}.svg");
        }
        return 0;
    }

    private static FigureRecord CurveFigure(KernelRow[] rows, MonteCarloEstimate[]? measured, KernelConfig config)
    {
        var t = rows.Select(r => r.T).ToArray();
        var series = new List<SeriesRecord>
        {
            ReportFigures.Series("predicted E0 + Edisc + Q", t, rows.Select(r => r.Predicted)),
            ReportFigures.Series("E0 + Edisc (exact score)", t, rows.Select(r => r.E0 + r.EDisc), SeriesStyle.Dashed),
            ReportFigures.Series("Q complete", t, rows.Select(r => r.Terms.Complete), SeriesStyle.LineAndMarkers),
            ReportFigures.Series("Q diagonal-only", t, rows.Select(r => r.QDiagonal), SeriesStyle.Dashed),
        };
        if (measured is not null)
            series.Add(ReportFigures.Band("measured (Monte Carlo)", t, measured.Select(m => m.Mean), measured.Select(m => m.Lower), measured.Select(m => m.Upper), SeriesStyle.Markers));
        return ReportFigures.Lines("kernel", $"E W2^2 along the sampler ({config.Problem.Sampler}, {config.Problem.Schedule}, d = {config.Problem.Dim})", "t_k", "E W2^2 and its parts",
            series, logX: true, logY: true);
    }

    private static JsonObject RowJson(KernelRow row, MonteCarloEstimate? mc)
    {
        var o = new JsonObject
        {
            ["k"] = row.K,
            ["t"] = row.T,
            ["E0"] = row.E0,
            ["Edisc"] = row.EDisc,
            ["Q_paper"] = row.Terms.Paper,
            ["Q_complete"] = row.Terms.Complete,
            ["Q_diagonal"] = row.QDiagonal,
            ["Q_delta"] = row.Terms.Shift,
            ["Q_Delta_mean"] = row.Terms.MatrixMean,
            ["Q_Delta_cov"] = row.Terms.MatrixCovariance,
            ["Q_Delta_delta"] = row.Terms.Cross,
            ["complete_mean_correction"] = row.Terms.MeanCorrection,
            ["complete_covariance_correction"] = row.Terms.CovarianceCorrection,
            ["predicted"] = row.Predicted,
            ["predicted_paper"] = row.PredictedPaper,
        };
        if (mc is { } m)
        {
            o["measured"] = m.Mean;
            o["measured_ci95"] = new JsonArray(m.Lower, m.Upper);
            o["measured_samples"] = m.Samples;
        }
        return o;
    }

    private static string Verdict(KernelRow row, MonteCarloEstimate measured)
    {
        if (!double.IsFinite(measured.Mean) || measured.HalfWidth95 > Math.Abs(measured.Mean))
            return "  final step: the Monte Carlo interval is wider than its mean, so some error draws make the perturbed sampler blow up: " +
                   "eps is not small for this schedule (the expansion assumes small errors); lower --eps";
        return measured.Covers(row.Predicted)
            ? "  final step: prediction inside the Monte Carlo interval"
            : $"  final step: prediction OUTSIDE the Monte Carlo interval by {Math.Abs(row.Predicted - measured.Mean) / measured.HalfWidth95:F1} half-widths";
    }

    private static void PrintTable(KernelRow[] rows, MonteCarloEstimate[]? measured, string engine, double kernelSeconds, double mcSeconds)
    {
        var table = new Table().Title($"E W2^2 = E0 + Edisc + Q   (engine: {engine})");
        foreach (var column in new[] { "k", "t_k", "E0", "Edisc", "Q paper", "Q complete", "Q diag-only", "predicted", "measured ± 95% CI" })
            table.AddColumn(new TableColumn(column).RightAligned());
        var shown = rows.Length <= 8 ? rows.Select((r, i) => i) : new[] { 0, 1, 2, rows.Length / 2, rows.Length - 1 }.Distinct();
        foreach (var i in shown)
        {
            var r = rows[i];
            var m = measured is null ? "-" : $"{measured[i].Mean:G5} ± {measured[i].HalfWidth95:G2}";
            table.AddRow(r.K.ToString(), $"{r.T:G4}", $"{r.E0:G4}", $"{r.EDisc:G4}", $"{r.Terms.Paper:G4}", $"{r.Terms.Complete:G4}",
                $"{r.QDiagonal:G4}", $"{r.Predicted:G5}", m);
        }
        AnsiConsole.Write(table);
        var verdict = measured is null ? "" : Verdict(rows[0], measured[0]);
        AnsiConsole.MarkupLine(Markup.Escape($"kernel {kernelSeconds:F3} s, monte carlo {mcSeconds:F2} s.{verdict}"));
    }
}
