using ScoreProbe.Cli.Report;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// §8 "Synthetic anisotropic targets": for spectra p in {0, 1, 2} the predicted curve E0 + Edisc + Q_k matches the measured
/// E W2^2(p_data, q_k) uniformly over k.
/// </summary>
public sealed class SpectraExperiment : IExperiment
{
    private static readonly double[] Powers = [0, 1, 2];

    public string Name => "spectra";
    public string Title => "Anisotropic targets: predicted vs measured error curve";

    public object Configuration(ExperimentSettings s) => new
    {
        setting = Setting(s, 1),
        powers = Powers,
        draws = s.Quick ? 600 : 3000,
        curve_points = s.Quick ? 8 : 20,
        seed = s.Seed,
    };

    private static GaussianSetting Setting(ExperimentSettings s, double power) =>
        new(s.Quick ? 6 : 16, power, "em", s.Quick ? 40 : 100, 1e-3, "ar1", 0.9, 0.1, ErrorParts.Both);

    public ExperimentRecord Run(ExperimentSettings s, Action<string> log)
    {
        var checks = new Checks();
        var series = new List<SeriesRecord>();
        var numbers = new List<NumberRecord>();
        var draws = s.Quick ? 600 : 3000;
        foreach (var p in Powers)
        {
            log($"spectrum p = {p}");
            var setting = Setting(s, p);
            var recorded = KernelExpansion.CurveIndices(setting.Steps, s.Quick ? 8 : 20);
            var (rows, measured) = setting.PredictAndMeasure(recorded, draws, s.Seed);
            var t = rows.Select(r => r.T).ToArray();
            series.Add(ReportFigures.Band($"measured p={p}", t, measured.Select(m => m.Mean), measured.Select(m => m.Lower), measured.Select(m => m.Upper), SeriesStyle.Markers));
            series.Add(ReportFigures.Series($"predicted p={p}", t, rows.Select(r => r.Predicted)));
            // Discrepancy relative to the score-error part Q, the part the kernel predicts.
            var worst = rows.Select((r, i) => Math.Abs(r.Predicted - measured[i].Mean) / Math.Max(r.Terms.Complete, 1e-300)).Max();
            var covered = rows.Where((r, i) => Math.Abs(r.Predicted - measured[i].Mean) <= 2.5 * measured[i].HalfWidth95).Count();
            numbers.Add(new NumberRecord($"max |pred - meas| / Q, p={p}", worst, Description: "over the recorded steps k"));
            checks.AtLeast($"steps within 2.5 CI, p={p}", (double)covered / rows.Length, 0.85);
        }
        var figure = ReportFigures.Lines("curves", "E W2^2(p_data, q_k) along the sampler", "t_k", "E W2^2", series, logX: true, logY: true,
            caption: "Markers: Monte Carlo mean with 95% band; lines: E0 + Edisc + Q (complete kernel). AR(1) errors, rho = 0.9, eps = 0.1.");
        return new ExperimentRecord(Name, Title,
            "§8: across spectra p in {0, 1, 2}, for small eps and stable steps the predicted curve matches the measured curve uniformly over k, up to o(eps^2) + o(gamma).",
            checks.Verdict("The kernel prediction lies within the Monte Carlo interval along the whole curve for every spectrum.",
                "The prediction left the Monte Carlo interval too often."),
            numbers, [figure]);
    }
}
