using MathNet.Numerics.Statistics;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core.Spde;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// Paper 004 §5–§6 in the simulator, where the Q-Wiener noise is known: the error KL(u_t || v_t) of the stochastically
/// forced Fokker–Planck equation stays in a band (eq. (10), Figure 1), and the quadratic variation of
/// <c>X_t = &lt;u_t, phi&gt;</c> (eq. (12), the quantity SIEM estimates) equals §6's sum built from the noise, the score
/// discrepancy; §6's next step, the concentration approximation of grad phi, is measured against the exact gradient.
/// </summary>
public sealed class SpdeBandExperiment : IExperiment
{
    public string Name => "spde-band";
    public string Title => "Paper 004 §5–6: the bounded error band and the quadratic variation behind SIEM";

    private sealed record Sizes(int Cells, int Realisations, int QvRealisations);

    private static Sizes For(ExperimentSettings s) => s.Quick ? new(64, 8, 12) : new(128, 32, 40);

    private const double Noise = 0.2;
    private const double LorentzEps = 1.0;

    /// <summary>Figure 1's funnel: the gradient flow towards the frozen target p_0 (§5.1's quasi-static form), started one unit off it.</summary>
    private static SpdeConfig Funnel(Sizes sizes, int seed) =>
        new(1, sizes.Cells, Noise, sizes.Realisations, seed, Form: SpdeDriftForm.GradientFlow, RecordPoints: 51, InitialShift: 1, FreezeTarget: true)
        {
            Target = HeatTarget.Bimodal(1, horizon: 2),
        };

    /// <summary>The reverse Fokker-Planck SPDE (eq. (7)) from u_0 = v_0, the setting SIEM's derivation starts from.</summary>
    private static SpdeConfig ReverseFokkerPlanck(Sizes sizes, int seed, double courant) =>
        new(1, sizes.Cells, Noise, sizes.QvRealisations, seed, RecordPoints: 11, Courant: courant);

    public object Configuration(ExperimentSettings s)
    {
        var sizes = For(s);
        return new
        {
            dim = 1, cells = sizes.Cells, noise = Noise, noise_modes = 6, target = "bimodal 0.5 N(-1.5, 0.25) + 0.5 N(1.5, 0.25)",
            band = new { realisations = sizes.Realisations, form = "gradient-flow", freeze_target = true, initial_shift = 1.0, horizon = 2.0 },
            quadratic_variation = new { realisations = sizes.QvRealisations, form = "reverse-fp", horizon = 1.0, lorentz_eps = LorentzEps, courant = new[] { 0.4, 0.1 } },
            seed = s.Seed,
        };
    }

    public ExperimentRecord Run(ExperimentSettings s, Action<string> log)
    {
        var sizes = For(s);
        log("KL band over noise realisations");
        var band = SpdeEnsemble.Run(Funnel(sizes, s.Seed));
        log("quadratic variation of <u_t, phi>");
        var phi = new LorentzTestFunction(1, LorentzEps);
        ProjectedQuadraticVariation[] Qv(double courant)
        {
            var solver = new StochasticFiniteVolumeSolver(ReverseFokkerPlanck(sizes, s.Seed, courant));
            return Enumerable.Range(0, sizes.QvRealisations).Select(r => ProjectedQuadraticVariation.Measure(solver, phi, r)).ToArray();
        }
        var (coarse, fine) = (Qv(0.4), Qv(0.1));
        var expected = fine.Average(r => r.Expected);
        var (isometry, isometrySd) = fine.Select(r => (r.FromDiscrepancy - r.Expected) / expected).MeanStandardDeviation();
        var isometryError = isometrySd / Math.Sqrt(fine.Length);
        var (coarseGap, fineGap) = (coarse.Average(r => r.Path) / coarse.Average(r => r.Expected) - 1, fine.Average(r => r.Path) / expected - 1);
        var concentration = fine.Average(r => r.ExpectedConcentrated / r.Expected);

        var checks = new Checks();
        checks.Add("eq. (10) fit to the mean KL: contraction rate lambda", band.Fit?.Lambda ?? double.NaN, "> 0, two standard errors clear of 0",
            band.Fit is { } fit && fit.Lambda > 2 * fit.LambdaStandardError);
        checks.Add("eq. (10) fit: noise power eta", band.Fit?.Eta ?? double.NaN, "> 0", band.Fit is { Eta: > 0 });
        checks.Add("(sum of squared increments from the noise - its Ito expectation) / expectation", isometry,
            $"within 4 standard errors ({4 * isometryError:G2}) of 0", Math.Abs(isometry) <= 4 * isometryError);
        checks.Add("path quadratic variation / expected - 1 at Courant 0.1 (four times smaller steps than 0.4)", fineGap,
            $"at most half the gap at 0.4 ({coarseGap:G3}) and within 5%", Math.Abs(fineGap) <= 0.5 * Math.Abs(coarseGap) && Math.Abs(fineGap) <= 0.05);

        var x = band.Times;
        var numbers = new List<NumberRecord>
        {
            new("QV from the noise / Ito expectation - 1", isometry, isometry - 1.96 * isometryError, isometry + 1.96 * isometryError, $"{sizes.QvRealisations} realisations, Courant 0.1"),
            new("path QV / expected - 1, Courant 0.4", coarseGap, Description: "the drift's O(dt) share of the squared increments"),
            new("path QV / expected - 1, Courant 0.1", fineGap),
            new("concentrated grad phi / exact (expected QV)", concentration, Description: "§6: phi ~ C_phi on the typical set, C_phi = <u, phi>; it holds in high dimension, not in 1-D"),
            new("lambda (eq. (10))", band.Fit?.Lambda ?? double.NaN, Description: $"standard error {band.Fit?.LambdaStandardError:G3}"),
            new("eta (eq. (10))", band.Fit?.Eta ?? double.NaN),
            new("final KL, 95% quantile", band.UpperKl[^1], Description: $"mean {band.MeanKl[^1]:G3} over {sizes.Realisations} realisations"),
        };
        var figures = new List<FigureRecord>
        {
            ReportFigures.Lines("kl-band", "KL(u_t || v_t) over noise realisations (Figure 1's bounded funnel)", "t", "KL(u_t || v_t)",
            [
                ReportFigures.Band("mean, 5-95% band", x, band.MeanKl, band.LowerKl, band.UpperKl),
                ReportFigures.Series("median", x, band.MedianKl, SeriesStyle.Dashed),
            ], caption: $"1-D gradient flow towards the frozen bimodal p_0 under Q-Wiener flux noise sigma = {Noise}, {sizes.Cells} cells, started one unit off: the error contracts into a band (eq. (10))."),
            ReportFigures.Scatter("qv-agreement", "Quadratic variation of <u_t, phi> per realisation", "Ito expectation sum Var(<u dW, grad phi>)", "value",
            [
                ReportFigures.Series("sum (<u Z, grad phi>)^2 dt, Z from the noise (§6)", fine.Select(r => r.Expected), fine.Select(r => r.FromDiscrepancy)),
                ReportFigures.Series("sum (X_{n+1} - X_n)^2 of the path", fine.Select(r => r.Expected), fine.Select(r => r.Path)),
                ReportFigures.Series("with the concentration approximation", fine.Select(r => r.Expected), fine.Select(r => r.Concentrated)),
            ], caption: "On the diagonal: the estimator built from the noise (the score discrepancy) and the path's own quadratic variation. Above it: §6's concentration step in 1-D."),
        };
        return new ExperimentRecord(Name, Title,
            "§5: the error of the forced Fokker-Planck flow stays bounded, dE/dt <= -2 lambda E + eta (eq. (10)). §6: the quadratic variation of <u_t, phi> "
            + "is the sum of squared martingale increments built from the score discrepancy (eq. (12)); SIEM then approximates grad phi by a constant times x/(eps + |x|^2).",
            checks.Verdict($"The band stays bounded (lambda = {band.Fit?.Lambda:G3}, eta = {band.Fit?.Eta:G3}); the quadratic variation of <u_t, phi> equals §6's sum from the noise "
                           + $"({isometry:G2} relative, the path's own {fineGap:G2} at the finer step); the concentration step overstates it {concentration:F2}x in 1-D.",
                "Paper 004 §5–6 not reproduced in the simulator."),
            numbers, figures);
    }
}
