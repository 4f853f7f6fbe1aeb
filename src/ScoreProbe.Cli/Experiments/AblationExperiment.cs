using ScoreProbe.Cli.Report;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// §8 "Correlation ablations at fixed marginal error": measured Q rises with rho; the full kernel tracks it; the
/// diagonal-in-time predictor stays flat. Also the time interaction matrix I_ab (§7) at rho = 0.9.
/// </summary>
public sealed class AblationExperiment : IExperiment
{
    public string Name => "ablation";
    public string Title => "Correlation ablation at fixed marginal error";

    private static double[] Rhos(ExperimentSettings s) => s.Quick ? [0, 0.5, 0.9, 0.99] : [0, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99];
    private static GaussianSetting Setting(ExperimentSettings s, string model, double rho) =>
        new(s.Quick ? 6 : 12, 1, "em", s.Quick ? 40 : 100, 1e-3, model, rho, 0.1, ErrorParts.Both);

    public object Configuration(ExperimentSettings s) => new { setting = Setting(s, "ar1", 0.9), rhos = Rhos(s), draws = s.Quick ? 600 : 3000, seed = s.Seed };

    public ExperimentRecord Run(ExperimentSettings s, Action<string> log)
    {
        var draws = s.Quick ? 600 : 3000;
        var rhos = Rhos(s);
        var measured = new List<MonteCarloEstimate>();
        var rows = new List<KernelRow>();
        foreach (var rho in rhos)
        {
            log($"ar1 rho = {rho}");
            var (r, m) = Setting(s, "ar1", rho).PredictAndMeasure([0], draws, s.Seed);
            rows.Add(r[0]);
            measured.Add(m[0]);
        }
        var baseline = rows[0].E0 + rows[0].EDisc;
        double Q(MonteCarloEstimate m) => m.Mean - baseline;
        var checks = new Checks();
        var covered = rows.Where((r, i) => Math.Abs(r.Predicted - measured[i].Mean) <= 2.5 * measured[i].HalfWidth95).Count();
        checks.Add("rho values with prediction within 2.5 CI", covered, $"= {rows.Count}", covered == rows.Count);
        var rise = Q(measured[^1]) / Q(measured[0]);
        checks.AtLeast("measured Q(rho=0.99) / Q(rho=0)", rise, 1.5);
        var diagonalSpread = (rows.Max(r => r.QDiagonal) - rows.Min(r => r.QDiagonal)) / rows[0].QDiagonal;
        checks.AtMost("relative spread of the diagonal-only prediction over rho", diagonalSpread, 0.01);

        var table = new List<IReadOnlyList<TableCell>>();
        foreach (var model in new[] { "independent", "shared", "random-features" })
        {
            log(model);
            var (r, m) = Setting(s, model, 0.9).PredictAndMeasure([0], draws, s.Seed);
            table.Add([(TableCell)(model), (TableCell)(Q(m[0])), (TableCell)(m[0].HalfWidth95), (TableCell)(r[0].Terms.Complete),
                (TableCell)(r[0].Terms.Paper), (TableCell)(r[0].QDiagonal)]);
        }

        log("interaction matrix");
        var small = new GaussianSetting(3, 1, "em", s.Quick ? 16 : 30, 1e-3, "ar1", 0.9, 0.1, ErrorParts.Both);
        var problem = small.Problem();
        var smallErrors = small.Errors(problem, s.Seed);
        var kernel = DirectionalKernelEngine.TimeKernel(problem, smallErrors);
        var interaction = DirectionalKernelEngine.InteractionMatrix(problem, smallErrors);
        var heat = ReportFigures.Heatmap("interaction", "Time interaction matrix I_ab (rho = 0.9)", "evaluation b (from T)", "evaluation a (from T)",
            interaction.ToArray(), "I_ab", diverging: true,
            caption: $"Sum of all cells = Q_paper = {interaction.RowSums().Sum():G4}; diagonal alone = {interaction.Diagonal().Sum():G4}.");

        var kernelHeat = ReportFigures.Heatmap("kernel", "Paper kernel reduced to time, K_ab", "evaluation b (from T)", "evaluation a (from T)",
            kernel.ToArray(), "K_ab", caption: "K_ab = sum over spatial modes of <J_a, Hess F J_b>: how an error at time a and one at time b combine in W2^2, whatever their correlation.");
        var figure = ReportFigures.Lines("q-vs-rho", "Score-error term Q against time correlation rho", "rho", "Q = E W2^2 - E0 - Edisc",
        [
            ReportFigures.Band("measured (Monte Carlo)", rhos, measured.Select(Q), measured.Select(m => Q(m) - m.HalfWidth95), measured.Select(m => Q(m) + m.HalfWidth95), SeriesStyle.LineAndMarkers),
            ReportFigures.Series("full kernel (complete)", rhos, rows.Select(r => r.Terms.Complete)),
            ReportFigures.Series("paper kernel", rhos, rows.Select(r => r.Terms.Paper), SeriesStyle.Dashed),
            ReportFigures.Series("diagonal-only", rhos, rows.Select(r => r.QDiagonal), SeriesStyle.LineAndMarkers),
        ], caption: "AR(1) errors with rho^|a-b| at fixed marginal size eps = 0.1; the diagonal-only predictor ignores a != b.");
        return new ExperimentRecord(Name, Title,
            "§8: holding per-time variances fixed, the measured W2^2 increases substantially with rho and the off-diagonal kernel terms capture the increase, while a predictor using only the diagonal blocks a = b stays nearly constant (§6 tightness).",
            checks.Verdict($"Measured Q grows {rise:G3}x from rho = 0 to 0.99, the full kernel stays inside the Monte Carlo interval, the diagonal-only predictor does not move.",
                "The correlation effect was not reproduced."),
            [new NumberRecord("Q(0.99)/Q(0)", rise), new NumberRecord("diagonal-only spread", diagonalSpread)],
            [figure, heat, kernelHeat],
            [new TableRecord("Other error models (rho = 0.9 where it applies)", ["model", "measured Q", "95% half-width", "complete kernel", "paper kernel", "diagonal-only"], table)]);
    }
}
