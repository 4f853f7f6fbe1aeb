using ScoreProbe.Cli.Report;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// The classifier ratio against the exact one (<see cref="SiemRatioComparison"/>) as record tables and numbers, for the
/// <c>siem-truth</c> experiment and for <c>study</c> records of Gaussian data.
/// </summary>
internal static class RatioComparisonBlock
{
    /// <summary>Per timestep: the classes' KL, xi exact, the classifier's bias and spread in xi, its error in r.</summary>
    public static TableRecord PerTimestep(string title, SiemRatioComparison comparison) =>
        new(title,
            ["timestep", "KL(u_t || v_t)", "xi exact", "xi bias (classifier - exact)", "xi sd over fits", "E_v[r_hat - r]", "E|r_hat - r| / E r", "rms log-ratio error", "validation BCE"],
            comparison.Points.Select(p => (IReadOnlyList<TableCell>)
                [p.Timestep, p.KlGeneratedToData, p.XiExact, p.XiBias, p.XiStd, p.RatioBias, p.RatioRelativeError, p.LogRatioRmse, p.ValidationLoss]).ToList());

    /// <summary>SIEM and ||mu|| per range with the exact ratio and over the classifier fits.</summary>
    public static TableRecord Summary(string title, SiemRatioComparison comparison)
    {
        var rows = new List<IReadOnlyList<TableCell>>();
        void Add(string range, RatioComparisonSummary? s)
        {
            if (s is null) return;
            rows.Add([$"SIEM {range}", s.SiemExact, s.SiemClassifierMean, s.SiemClassifierStd, Ratio(s.SiemClassifierMean, s.SiemExact)]);
            rows.Add([$"||mu|| {range}", s.MuExact, s.MuClassifierMean, s.MuClassifierStd, Ratio(s.MuClassifierMean, s.MuExact)]);
        }
        Add("999..0", comparison.Full);
        Add("999..900", comparison.First10);
        return new TableRecord(title, ["metric", "exact ratio", $"classifier (mean of {comparison.Repeats} fits)", "sd over fits", "classifier / exact"], rows);
    }

    /// <summary>xi per timestep with the exact ratio, and the classifier fits' mean with a band of one standard deviation.</summary>
    public static FigureRecord XiFigure(string id, string title, SiemRatioComparison comparison)
    {
        var t = comparison.Points.Select(p => (double)p.Timestep).ToArray();
        var classifier = comparison.Points.Select(p => p.XiExact + p.XiBias).ToArray();
        return ReportFigures.Lines(id, title, "diffusers timestep t", "xi(t)",
        [
            ReportFigures.Band($"classifier ratio (mean of {comparison.Repeats} fits, +- 1 sd)", t, classifier,
                classifier.Zip(comparison.Points, (c, p) => c - p.XiStd), classifier.Zip(comparison.Points, (c, p) => c + p.XiStd), SeriesStyle.LineAndMarkers),
            ReportFigures.Series("exact ratio", t, comparison.Points.Select(p => p.XiExact), SeriesStyle.Markers),
        ], caption: "The same data points and noise weight both; the difference is the ratio estimator's alone.");
    }

    /// <summary>A / b, or "n/a" when b is 0 (a clamped ||mu|| estimate).</summary>
    private static TableCell Ratio(double a, double b) => b > 0 ? a / b : "n/a";

    public static IEnumerable<NumberRecord> Numbers(string prefix, SiemRatioComparison comparison)
    {
        foreach (var (range, s) in new[] { ("0-999", comparison.Full), ("900-999", comparison.First10) })
            if (s is not null)
                yield return new NumberRecord($"{prefix}SIEM {range} classifier / exact", s.SiemClassifierMean / s.SiemExact,
                    Description: $"exact {s.SiemExact:G3}, classifier {s.SiemClassifierMean:G3} +- {s.SiemClassifierStd:G2} over {comparison.Repeats} fits");
        yield return new NumberRecord($"{prefix}mean |xi bias| / mean |xi|",
            comparison.Points.Average(p => Math.Abs(p.XiBias)) / comparison.Points.Average(p => Math.Abs(p.XiExact)));
        yield return new NumberRecord($"{prefix}mean xi sd over fits / mean |xi|",
            comparison.Points.Average(p => p.XiStd) / comparison.Points.Average(p => Math.Abs(p.XiExact)));
    }

    /// <summary>
    /// The study's hook: for Gaussian data, the last checkpoint of every run gets the comparison over 999..900 (its own reverse
    /// run of <c>Samples</c> states, three classifier fits per step) against the Gaussian fit to its states (<c>--ratio exact</c>);
    /// the record gains one table per run and the SIEM numbers. Other data: the record is returned as it is.
    /// </summary>
    public static ExperimentRecord AddForGaussianData(ExperimentRecord record, IReadOnlyList<StudyRun> runs, StudyOptions options, string dataCache)
    {
        if (ReferenceData.Open(runs[0].Record.Config.Data, dataCache) is not GaussianDataset data) return record;
        var tables = new List<TableRecord>();
        var numbers = new List<NumberRecord>();
        foreach (var run in runs)
        {
            var last = run.Record.Checkpoints.MaxBy(c => c.Step)!;
            using var checkpoint = Checkpoint.Load(Path.Combine(run.Directory, last.File));
            var schedule = NoiseSchedule.Create(checkpoint.Config.BetaSchedule, checkpoint.Config.TrainTimesteps);
            var exact = new GaussianRatioEstimator(data, schedule);
            var evaluator = new SiemEvaluator(schedule, options.Siem with { Range = SiemRange.First10 }, exact);
            using var trajectory = evaluator.Sample(checkpoint.SamplingModel, options.Samples, options.BaseSeed);
            var comparison = SiemRatioComparison.Run(evaluator, checkpoint.SamplingModel, data, trajectory, exact, new ClassifierRatioEstimator(), 3, options.BaseSeed);
            tables.Add(PerTimestep($"{run.Name}, step {last.Step}: classifier ratio (Appendix B) against the Gaussian ratio, per timestep", comparison));
            tables.Add(Summary($"{run.Name}, step {last.Step}: SIEM with the classifier against the Gaussian ratio", comparison));
            numbers.AddRange(Numbers($"{run.Name} step {last.Step}: ", comparison));
        }
        return record with { Tables = [.. record.Tables, .. tables], Numbers = [.. record.Numbers, .. numbers] };
    }
}
