using System.Globalization;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Neural.Evaluation;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// The experiment record of <c>scoreprobe study</c> (seed 004, §7.2, Table 2, Figure 2): Spearman matrices over the models
/// (checkpoints of every run, seed-averaged metrics), pooled over the data sets as Table 2 pools CIFAR-10 and LSUN and per
/// data set, with p-values and bootstrap intervals, beside the paper's values; the spread of the correlations over
/// evaluation seeds; how they move with the sample count n; Figure-2-style curves; per-checkpoint means and standard
/// deviations. Every number is a function of the evaluations alone: what they cost is recorded in the timing block only.
/// </summary>
internal static class StudyRecord
{
    /// <summary>Metric names in Table 2's order.</summary>
    private static readonly string[] Metrics = ["||mu_t||", "SIEM", "FID", "W2"];

    /// <summary>Table 2 of seed 004 (36 models, 5 evaluation runs each): Spearman coefficient and p-value per metric pair.</summary>
    private static readonly Dictionary<(int, int), (double Rho, double P)> PaperFull = new()
    {
        [(0, 1)] = (0.6342, 0.0000), [(0, 2)] = (0.5014, 0.0018), [(0, 3)] = (0.0831, 0.6298),
        [(1, 2)] = (0.8898, 0.0000), [(1, 3)] = (0.5094, 0.0015), [(2, 3)] = (0.5992, 0.0001),
    };

    private static readonly Dictionary<(int, int), (double Rho, double P)> PaperFirst = new()
    {
        [(0, 1)] = (0.7030, 0.0000), [(0, 2)] = (0.5176, 0.0012), [(0, 3)] = (0.3441, 0.0399),
        [(1, 2)] = (0.8605, 0.0000), [(1, 3)] = (0.5707, 0.0003), [(2, 3)] = (0.5992, 0.0001),
    };

    /// <summary>Bootstrap resamples of the models for every interval (percentile, 95%).</summary>
    public const int BootstrapResamples = 2000;

    private const int BootstrapSeed = 0;

    /// <summary>Seed-averaged metrics of one model (run, checkpoint), in <see cref="Metrics"/> order per range.</summary>
    private sealed record ModelSummary(string Run, string Data, int Step, double[] FullMean, double[] FullStd, double[] FirstMean, double[] FirstStd)
    {
        public double[] Mean(bool full) => full ? FullMean : FirstMean;
    }

    /// <summary>A Spearman coefficient with its p-value and a bootstrap interval over the models.</summary>
    private sealed record Correlation(CorrelationTest Test, BootstrapInterval? Interval);

    /// <summary>A PNG grid of one checkpoint's generated samples, <paramref name="File"/> relative to the study folder.</summary>
    public sealed record SampleGrid(string Run, int Step, string File);

    /// <param name="results">Every (checkpoint, seed, n) result.</param>
    /// <param name="samples">The main sample count n (the others are subsets).</param>
    /// <param name="grids">Sample grids to show.</param>
    public static ExperimentRecord Build(IReadOnlyList<CheckpointMetrics> results, int samples, IReadOnlyList<SampleGrid>? grids = null)
    {
        var main = results.Where(r => r.Samples == samples).ToList();
        var models = Summaries(main);
        var datasets = models.Select(m => m.Data).Distinct().Order(StringComparer.Ordinal).ToList();
        var full = Correlations(models, full: true);
        var first = Correlations(models, full: false);
        var siemFid = full[1, 2];
        var siemFidFirst = first[1, 2];
        var siemW2 = full[1, 3];
        var checks = new[]
        {
            new CheckRecord("Spearman SIEM–FID, timesteps 0-999, pooled", siemFid.Test.Coefficient, "> 0 with p < 0.05 (paper 0.8898)", siemFid.Test.Coefficient > 0 && siemFid.Test.PValue < 0.05),
            new CheckRecord("Spearman SIEM–FID, timesteps 900-999, pooled", siemFidFirst.Test.Coefficient, "> 0 with p < 0.05 (paper 0.8605)", siemFidFirst.Test.Coefficient > 0 && siemFidFirst.Test.PValue < 0.05),
            new CheckRecord("SIEM–FID minus SIEM–W2, timesteps 0-999, pooled", siemFid.Test.Coefficient - siemW2.Test.Coefficient, "> 0 (paper 0.8898 - 0.5094)", siemFid.Test.Coefficient > siemW2.Test.Coefficient),
        };
        var scope = $"{models.Count} models ({string.Join(", ", datasets.Select(d => $"{models.Count(m => m.Data == d)} {d}"))}), n = {samples}";
        var summary = $"Pooled over {scope}, seed-averaged: Spearman SIEM–FID is {Show(siemFid)} on timesteps 0-999 and {Show(siemFidFirst)} on 900-999; "
                      + $"the paper reports 0.8898 and 0.8605 over 36 models. SIEM–W2: {Show(siemW2)} (paper 0.5094).";
        var perData = datasets.ToDictionary(d => d, d =>
        {
            var subset = models.Where(m => m.Data == d).ToList();
            return (Full: Correlations(subset, full: true), First: Correlations(subset, full: false));
        });
        var numbers = new List<NumberRecord>
        {
            Number("Spearman SIEM–FID (0-999), pooled", siemFid, "paper 0.8898"),
            Number("Spearman SIEM–FID (900-999), pooled", siemFidFirst, "paper 0.8605"),
            Number("Spearman SIEM–W2 (0-999), pooled", siemW2, "paper 0.5094"),
            Number("Spearman SIEM–W2 (900-999), pooled", first[1, 3], "paper 0.5707"),
            Number("Spearman ||mu||–FID (0-999), pooled", full[0, 2], "paper 0.5014"),
            Number("Spearman FID–W2, pooled", full[2, 3], "paper 0.5992"),
        };
        foreach (var d in datasets)
        {
            numbers.Add(Number($"Spearman SIEM–FID (0-999), {d}", perData[d].Full[1, 2], $"{models.Count(m => m.Data == d)} models"));
            numbers.Add(Number($"Spearman SIEM–FID (900-999), {d}", perData[d].First[1, 2], $"{models.Count(m => m.Data == d)} models"));
        }
        var sizes = results.Select(r => r.Samples).Distinct().Order().ToList();
        var bySize = sizes.ToDictionary(n => n, n =>
        {
            var summaries = Summaries(results.Where(r => r.Samples == n).ToList());
            return (Full: Correlations(summaries, full: true), First: Correlations(summaries, full: false));
        });

        List<FigureRecord> figures =
        [
            .. TrainingCurves(models, full: true), .. TrainingCurves(models, full: false),
            Heatmap("spearman-full", "timesteps 0-999", full), Heatmap("spearman-first10", "timesteps 900-999", first),
            SiemAgainstFid(models),
        ];
        if (sizes.Count > 1) figures.Add(SampleSizeFigure(sizes, bySize));
        List<TableRecord> tables = [PooledTable(scope, full, first), PerDataTable(datasets, perData), SeedTable(main)];
        if (sizes.Count > 1) tables.Add(SampleSizeTable(sizes, bySize));
        tables.Add(CheckpointTable(models));

        return new ExperimentRecord("siem-study", "SIEM against FID and W2 over training (seed 004, §7.2, Table 2)",
            "§7.2 and Table 2: across checkpoints of DDPM training (36 models: 2 data sets x 2 initialisations x 9 doubling training lengths, "
            + "pooled), SIEM tracks sample quality; its Spearman correlation with FID is 0.8898 over timesteps 0-999 and stays 0.8605 over the "
            + "first 10% (900-999), higher than with the 2-Wasserstein distance (0.5094 / 0.5707).",
            new VerdictRecord(checks.All(c => c.Passed), summary, checks), numbers, figures, tables,
            (grids ?? []).Select(g => new ImageRecord($"samples-{Sanitise(g.Run)}-{g.Step}", $"{g.Run}, step {g.Step}", g.File,
                "Generated samples of the first evaluation seed (1000 DDPM steps), the ones FID and W2 were computed on.")).ToList());
    }

    private static List<ModelSummary> Summaries(IReadOnlyList<CheckpointMetrics> results) =>
        results.GroupBy(r => (r.Run, r.Data, r.Step)).Select(g => Summarise(g.Key.Run, g.Key.Data, g.Key.Step, g.ToList()))
            .OrderBy(s => s.Data, StringComparer.Ordinal).ThenBy(s => s.Run, StringComparer.Ordinal).ThenBy(s => s.Step).ToList();

    private static ModelSummary Summarise(string run, string data, int step, IReadOnlyList<CheckpointMetrics> seeds)
    {
        double[][] full = [.. seeds.Select(FullValues)];
        double[][] first = [.. seeds.Select(FirstValues)];
        return new ModelSummary(run, data, step, ColumnMeans(full), ColumnStds(full), ColumnMeans(first), ColumnStds(first));
    }

    private static double[] FullValues(CheckpointMetrics m) => [m.MuFull, m.SiemFull, m.Fid, m.W2];

    private static double[] FirstValues(CheckpointMetrics m) => [m.MuFirst, m.SiemFirst, m.Fid, m.W2];

    private static double[] ColumnMeans(double[][] rows) => Enumerable.Range(0, Metrics.Length).Select(k => rows.Average(r => r[k])).ToArray();

    private static double[] ColumnStds(double[][] rows) => Enumerable.Range(0, Metrics.Length).Select(k => Std(rows.Select(r => r[k]).ToArray())).ToArray();

    private static double Std(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return 0;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>
    /// Spearman matrix over models (exact permutation p-values up to 9 models, else the t approximation) with a percentile
    /// bootstrap interval per pair, resampling models with replacement.
    /// </summary>
    private static Correlation[,] Correlations(IReadOnlyList<ModelSummary> models, bool full) =>
        Correlations(models.Select(m => m.Mean(full)).ToList());

    private static Correlation[,] Correlations(IReadOnlyList<double[]> values)
    {
        var matrix = new Correlation[Metrics.Length, Metrics.Length];
        var method = values.Count <= SpearmanCorrelation.MaxExactN ? SpearmanPValueMethod.ExactPermutation : SpearmanPValueMethod.TDistribution;
        for (var i = 0; i < Metrics.Length; i++)
        for (var j = i; j < Metrics.Length; j++)
        {
            if (values.Count < 3)
            {
                matrix[i, j] = matrix[j, i] = new Correlation(new CorrelationTest(double.NaN, double.NaN, values.Count), null);
                continue;
            }
            var (a, b) = (i, j);
            var test = SpearmanCorrelation.Compute(values.Select(v => v[a]).ToArray(), values.Select(v => v[b]).ToArray(), method);
            var interval = i == j ? null : Bootstrap.Percentile(values.Count, sample =>
                SpearmanCorrelation.Compute(sample.Select(k => values[k][a]).ToArray(), sample.Select(k => values[k][b]).ToArray()).Coefficient,
                BootstrapResamples, BootstrapSeed);
            matrix[i, j] = matrix[j, i] = new Correlation(test, interval);
        }
        return matrix;
    }

    private static NumberRecord Number(string name, Correlation c, string note) =>
        new(name, c.Test.Coefficient, c.Interval?.Lower, c.Interval?.Upper,
            $"p = {c.Test.PValue.ToString("G3", CultureInfo.InvariantCulture)}, {c.Test.N} models, 95% bootstrap interval over models; {note}");

    private static string Show(Correlation c) =>
        $"{c.Test.Coefficient.ToString("F3", CultureInfo.InvariantCulture)} (p = {c.Test.PValue.ToString("G2", CultureInfo.InvariantCulture)}"
        + (c.Interval is { } i ? $", 95% CI [{i.Lower.ToString("F2", CultureInfo.InvariantCulture)}, {i.Upper.ToString("F2", CultureInfo.InvariantCulture)}])" : ")");

    /// <summary>Figure 2 of the paper: every metric against training iterations (log x), per run, scaled by its largest mean.</summary>
    private static IEnumerable<FigureRecord> TrainingCurves(IReadOnlyList<ModelSummary> models, bool full)
    {
        foreach (var run in models.GroupBy(s => s.Run))
        {
            var steps = run.Select(s => (double)s.Step).ToArray();
            var series = Metrics.Select((name, k) =>
            {
                var mean = run.Select(s => s.Mean(full)[k]).ToArray();
                var std = run.Select(s => (full ? s.FullStd : s.FirstStd)[k]).ToArray();
                var scale = mean.Select(Math.Abs).DefaultIfEmpty(1).Max() is var max and > 0 ? max : 1;
                return ReportFigures.Band(name, steps, mean.Select(v => v / scale), mean.Zip(std, (m, s) => (m - s) / scale),
                    mean.Zip(std, (m, s) => (m + s) / scale), SeriesStyle.LineAndMarkers);
            });
            var range = full ? "0-999" : "900-999";
            yield return ReportFigures.Lines($"curves-{(full ? "full" : "first10")}-{Sanitise(run.Key)}", $"{run.Key}: metrics over training (SIEM on {range})",
                "training iterations", "metric / its largest mean", series, logX: true,
                caption: "Seed-averaged metrics, each divided by its largest value over the checkpoints; bands: ± one standard deviation over evaluation seeds (cf. seed 004, Figure 2).");
        }
    }

    /// <summary>Seed-averaged SIEM (0-999) against FID, one series per data set, log-log.</summary>
    private static FigureRecord SiemAgainstFid(IReadOnlyList<ModelSummary> models) =>
        ReportFigures.Scatter("siem-vs-fid", "SIEM (timesteps 0-999) against FID, every model", "SIEM", "FID",
            models.GroupBy(m => m.Data).Select(g => ReportFigures.Series(g.Key, g.Select(m => m.FullMean[1]), g.Select(m => m.FullMean[2]))),
            logX: true, logY: true, caption: "Each point is one checkpoint, metrics averaged over the evaluation seeds; Spearman correlations rank these points.");

    private static FigureRecord SampleSizeFigure(IReadOnlyList<int> sizes, IReadOnlyDictionary<int, (Correlation[,] Full, Correlation[,] First)> bySize)
    {
        SeriesRecord Line(string label, Func<(Correlation[,] Full, Correlation[,] First), Correlation> pick)
        {
            var values = sizes.Select(n => pick(bySize[n])).ToList();
            return ReportFigures.Band(label, sizes.Select(n => (double)n), values.Select(c => c.Test.Coefficient),
                values.Select(c => c.Interval?.Lower ?? double.NaN), values.Select(c => c.Interval?.Upper ?? double.NaN), SeriesStyle.LineAndMarkers);
        }
        return ReportFigures.Lines("spearman-vs-n", "Pooled Spearman correlations against the sample count n", "n (generated and real samples)", "Spearman ρ",
            [Line("SIEM–FID 0-999", c => c.Full[1, 2]), Line("SIEM–FID 900-999", c => c.First[1, 2]), Line("SIEM–W2 0-999", c => c.Full[1, 3]),
             Line("FID–W2", c => c.Full[2, 3])], logX: true,
            caption: "Every n uses the first n of the same generated and real samples of every evaluation (fresh classifiers); bands: 95% bootstrap intervals over models.");
    }

    private static FigureRecord Heatmap(string id, string range, Correlation[,] matrix) =>
        ReportFigures.Heatmap(id, $"Spearman correlations (pooled), SIEM on {range}", "metric (0 ||mu||, 1 SIEM, 2 FID, 3 W2)", "metric",
            Enumerable.Range(0, Metrics.Length).Select(i => Enumerable.Range(0, Metrics.Length).Select(j => matrix[i, j].Test.Coefficient).ToArray()).ToArray(),
            "Spearman ρ", diverging: true, caption: "Rows and columns in Table 2's order: ||mu_t||, SIEM, FID, W2.");

    private static string PairName((int, int) pair) => $"{Metrics[pair.Item1]} – {Metrics[pair.Item2]}";

    private static IEnumerable<TableCell> Cells(Correlation c) =>
        [c.Test.Coefficient, Bound(c.Interval?.Lower), Bound(c.Interval?.Upper), c.Test.PValue];

    /// <summary>An interval bound, or an empty cell where the bootstrap has none (too few models for resamples to vary).</summary>
    private static TableCell Bound(double? value) => value is { } v && double.IsFinite(v) ? v : "";

    private static TableRecord PooledTable(string scope, Correlation[,] full, Correlation[,] first) =>
        new($"Spearman correlations pooled over {scope}: measured beside seed 004, Table 2",
            ["pair", "ρ 0-999", "CI low", "CI high", "p 0-999", "paper ρ 0-999", "paper p 0-999", "ρ 900-999", "CI low", "CI high", "p 900-999", "paper ρ 900-999", "paper p 900-999"],
            PaperFull.Keys.Select(pair => (IReadOnlyList<TableCell>)
            [
                PairName(pair), .. Cells(full[pair.Item1, pair.Item2]), PaperFull[pair].Rho, PaperFull[pair].P,
                .. Cells(first[pair.Item1, pair.Item2]), PaperFirst[pair].Rho, PaperFirst[pair].P,
            ]).ToList());

    private static TableRecord PerDataTable(IReadOnlyList<string> datasets, IReadOnlyDictionary<string, (Correlation[,] Full, Correlation[,] First)> perData) =>
        new("Spearman correlations per data set (95% bootstrap intervals over that data set's models)",
            ["data", "pair", "ρ 0-999", "CI low", "CI high", "p 0-999", "ρ 900-999", "CI low", "CI high", "p 900-999"],
            datasets.SelectMany(d => PaperFull.Keys.Select(pair => (IReadOnlyList<TableCell>)
            [
                d, PairName(pair), .. Cells(perData[d].Full[pair.Item1, pair.Item2]), .. Cells(perData[d].First[pair.Item1, pair.Item2]),
            ])).ToList());

    /// <summary>Each evaluation seed's metrics on their own (no averaging): the spread shows how much one evaluation run decides.</summary>
    private static TableRecord SeedTable(IReadOnlyList<CheckpointMetrics> main)
    {
        var seeds = main.Select(m => m.Seed).Distinct().Order().ToList();
        var perSeed = seeds.Select(seed =>
        {
            var rows = main.Where(m => m.Seed == seed).OrderBy(m => m.Data, StringComparer.Ordinal).ThenBy(m => m.Run, StringComparer.Ordinal).ThenBy(m => m.Step).ToList();
            return (Full: SpearmanMatrix(rows.Select(FullValues).ToList()), First: SpearmanMatrix(rows.Select(FirstValues).ToList()));
        }).ToList();
        return new TableRecord($"Spearman correlations per evaluation seed ({seeds.Count} seeds, pooled models): mean ± standard deviation over seeds",
            ["pair", "ρ 0-999 mean", "ρ 0-999 std", "ρ 900-999 mean", "ρ 900-999 std"],
            PaperFull.Keys.Select(pair => (IReadOnlyList<TableCell>)
            [
                PairName(pair),
                perSeed.Average(s => s.Full[pair.Item1, pair.Item2]), Std(perSeed.Select(s => s.Full[pair.Item1, pair.Item2]).ToArray()),
                perSeed.Average(s => s.First[pair.Item1, pair.Item2]), Std(perSeed.Select(s => s.First[pair.Item1, pair.Item2]).ToArray()),
            ]).ToList());
    }

    private static double[,] SpearmanMatrix(IReadOnlyList<double[]> values)
    {
        var matrix = new double[Metrics.Length, Metrics.Length];
        for (var i = 0; i < Metrics.Length; i++)
        for (var j = 0; j < Metrics.Length; j++)
            matrix[i, j] = values.Count < 3 ? double.NaN
                : SpearmanCorrelation.Compute(values.Select(v => v[i]).ToArray(), values.Select(v => v[j]).ToArray()).Coefficient;
        return matrix;
    }

    private static TableRecord SampleSizeTable(IReadOnlyList<int> sizes, IReadOnlyDictionary<int, (Correlation[,] Full, Correlation[,] First)> bySize) =>
        new("How the pooled correlations move with the sample count n (first n of the same samples; 95% bootstrap intervals over models)",
            ["n", "pair", "ρ 0-999", "CI low", "CI high", "p 0-999", "ρ 900-999", "CI low", "CI high", "p 900-999"],
            sizes.SelectMany(n => new[] { (1, 2), (1, 3), (0, 2), (2, 3) }.Select(pair => (IReadOnlyList<TableCell>)
            [
                n, PairName(pair), .. Cells(bySize[n].Full[pair.Item1, pair.Item2]), .. Cells(bySize[n].First[pair.Item1, pair.Item2]),
            ])).ToList());

    private static TableRecord CheckpointTable(IReadOnlyList<ModelSummary> models) =>
        new("Per checkpoint: mean ± standard deviation over evaluation seeds",
            ["data", "run", "step", "||mu|| 0-999", "SIEM 0-999", "||mu|| 900-999", "SIEM 900-999", "FID", "W2"],
            models.Select(s => (IReadOnlyList<TableCell>)
            [
                s.Data, s.Run, s.Step, PlusMinus(s.FullMean[0], s.FullStd[0]), PlusMinus(s.FullMean[1], s.FullStd[1]),
                PlusMinus(s.FirstMean[0], s.FirstStd[0]), PlusMinus(s.FirstMean[1], s.FirstStd[1]),
                PlusMinus(s.FullMean[2], s.FullStd[2]), PlusMinus(s.FullMean[3], s.FullStd[3]),
            ]).ToList());

    private static string PlusMinus(double mean, double std) =>
        $"{mean.ToString("G4", CultureInfo.InvariantCulture)} ± {std.ToString("G2", CultureInfo.InvariantCulture)}";

    private static string Sanitise(string name) => new(name.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-').ToArray());
}
