using MathNet.Numerics.Statistics;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.Targets;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// The cross-paper testbed: SIEM (paper 004) where the sample error is known exactly (paper 000). Gaussian data
/// <c>N(mu, C)</c>, diffusers' DDPM sampler with 1000 steps, and paper 000's score errors <c>s_hat = s* + delta_t</c> with a
/// time covariance (independent, AR(1) with rho up to 0.99, shared) at several sizes eps. For delta errors the kernel
/// expansion is exact, so <c>E W2^2(p_data, q)</c> of every error process is known (checked against Monte Carlo). Each
/// process is realised several times as a noise predictor (<see cref="GaussianNoisePredictor"/>) whose states are exactly
/// Gaussian, so SIEM uses the exact ratio u_t/v_t (<see cref="GaussianRatioEstimator.ForAffineModel"/>): SIEM and ||mu||
/// over 999..0 and 999..900 are the metric itself, free of classifier error. Across the processes: Spearman of each with the
/// exact E W2^2; along the rho sweep at fixed eps: does SIEM follow the time correlation, which paper 000 says governs W2?
/// </summary>
public sealed class SiemTruthExperiment : IExperiment
{
    /// <summary>One error process of the sweep.</summary>
    private sealed record Process(string Model, double Rho, double Eps)
    {
        public string Label => Eps == 0 ? "exact score (no error)" : Model switch
        {
            "ar1" => $"AR(1) rho={Rho:0.##}, eps={Eps:0.###}",
            _ => $"{Model}, eps={Eps:0.###}",
        };

        /// <summary>The time correlation as a number: 0 independent, rho for AR(1), 1 shared.</summary>
        public double Correlation => Model switch { "independent" => 0, "shared" => 1, _ => Rho };
    }

    /// <summary>Measured quantities of one process: mean over realisations.</summary>
    private sealed record Outcome(Process Process, double ExpectedW2Squared, double RealisedW2Squared, double SiemFull, double SiemFullStd,
        double SiemFirst, double MuFull, double MuFirst);

    public string Name => "siem-truth";
    public string Title => "SIEM against the exact E W2^2 of paper 000's error processes";

    /// <summary>Sizes of a run.</summary>
    /// <param name="Dim">Data dimension d.</param>
    /// <param name="Samples">Generated states and data points per evaluated step.</param>
    /// <param name="Realisations">Draws of each error process.</param>
    /// <param name="Stride">SIEM stride over 999..0.</param>
    /// <param name="FirstStride">SIEM stride over 999..900.</param>
    /// <param name="Eps">Error sizes.</param>
    /// <param name="Rhos">AR(1) coefficients.</param>
    /// <param name="McDraws">Monte Carlo draws of the E W2^2 check.</param>
    /// <param name="ComparisonSamples">States and data per step for the classifier comparison (item 2 of issue 11).</param>
    /// <param name="ComparisonRepeats">Classifier fits per step.</param>
    /// <param name="ComparisonFull">Whether the comparison covers 999..0 (stride 20) as well as 999..900 (stride 10).</param>
    private sealed record Sizes(int Dim, int Samples, int Realisations, int Stride, int FirstStride, double[] Eps, double[] Rhos, int McDraws,
        int ComparisonSamples, int ComparisonRepeats, bool ComparisonFull);

    private static Sizes For(ExperimentSettings s) => s.Quick
        ? new(4, 1500, 2, 20, 5, [0.1, 0.3], [0.9], 200, 500, 2, false)
        : new(4, 4000, 3, 10, 2, [0.05, 0.1, 0.2, 0.4], [0.5, 0.9, 0.99], 1000, 2000, 3, true);

    /// <summary>The exact score: SIEM's Monte Carlo floor (not an error process; left out of the correlations).</summary>
    private static readonly Process ExactScore = new("independent", 0, 0);

    private static IReadOnlyList<Process> Processes(Sizes sizes) =>
        sizes.Eps.SelectMany(eps => new[] { new Process("independent", 0, eps) }
            .Concat(sizes.Rhos.Select(rho => new Process("ar1", rho, eps)))
            .Append(new Process("shared", 1, eps))).Prepend(ExactScore).ToArray();

    public object Configuration(ExperimentSettings s)
    {
        var sizes = For(s);
        return new
        {
            data = $"gaussian:{sizes.Dim} (mean +-0.5, correlated covariance)", schedule = "ddpm linear 1000 (diffusers)", sampler = "ddpm ancestral",
            error_parts = "delta (s_hat = s* + delta_t)", eps = sizes.Eps, rhos = sizes.Rhos, samples = sizes.Samples, realisations = sizes.Realisations,
            stride = sizes.Stride, stride_first = sizes.FirstStride, ratio = "exact-moments", eps_l = new SiemOptions().EpsilonL, monte_carlo_draws = sizes.McDraws,
            classifier_comparison = new { samples = sizes.ComparisonSamples, repeats = sizes.ComparisonRepeats, ranges = sizes.ComparisonFull ? "999..0 (stride 20) and 999..900 (stride 10)" : "999..900 (stride 10)" },
            seed = s.Seed,
        };
    }

    public ExperimentRecord Run(ExperimentSettings s, Action<string> log)
    {
        var sizes = For(s);
        var data = DatasetSpec.Gaussian(sizes.Dim);
        var problem = DdpmProblem(data);
        var schedule = NoiseSchedule.Default;
        var options = new SiemOptions(SiemRange.Full, sizes.Stride, sizes.FirstStride);
        var processes = Processes(sizes);
        var outcomes = new List<Outcome>();
        var crossCheck = double.NaN;
        SiemRatioComparison? comparison = null;
        double[]? independentXi = null, sharedXi = null, independentMu = null, sharedMu = null;
        IReadOnlyList<int>? fullTimesteps = null;
        foreach (var process in processes)
        {
            log(process.Label);
            var errors = ScoreErrorModelCatalog.Create(process.Model, sizes.Dim, problem.EvaluationTimes, process.Rho, process.Eps, ErrorParts.Shift);
            var expected = KernelExpansion.Predict(problem, errors, [0])[0].Predicted;          // exact for delta errors
            var draw = errors.Sampler(problem.Target.Eigenvectors);
            var realised = new List<(double W2, SiemResult Siem)>();
            for (var r = 0; r < (process == ExactScore ? 1 : sizes.Realisations); r++)
            {
                // Realisation r draws the same underlying normals for every process (common random numbers).
                var errorDraw = draw(new Random(SeedStreams.Derive(s.Seed, r)));
                var realisedW2 = ConditionalPropagation.W2Squared(problem, errorDraw, [0])[0];
                using var model = (GaussianNoisePredictor)new GaussianNoiseConfig(data, schedule, ScoreOffsets: ScoreOffsets(problem, errorDraw, schedule.Length)).Build();
                var exact = GaussianRatioEstimator.ForAffineModel(model, data, schedule);
                if (double.IsNaN(crossCheck))
                {
                    var (mean, covariance) = exact.GeneratedStates(0);
                    crossCheck = Math.Abs(FrechetDistance.Squared(data.Mean, data.Covariance, mean, covariance) - realisedW2) / realisedW2;
                }
                var evaluator = new SiemEvaluator(schedule, options, exact);
                if (r == 0 && process.Model == "independent" && process.Eps == sizes.Eps[^1])
                    comparison = CompareClassifier(sizes, schedule, model, data, exact, s.Seed, log);
                realised.Add((realisedW2, evaluator.Evaluate(model, data, sizes.Samples, (ulong)s.Seed)));
            }
            var siems = realised.Select(x => x.Siem).ToArray();
            outcomes.Add(new Outcome(process, expected, realised.Average(x => x.W2), siems.Average(x => x.Full!.Siem), siems.Length < 2 ? 0 : siems.Select(x => x.Full!.Siem).StandardDeviation(),
                siems.Average(x => x.First10.Siem), siems.Average(x => x.Full!.MuNorm), siems.Average(x => x.First10.MuNorm)));
            if (process.Eps == sizes.Eps[^1] && process.Model is "independent" or "shared")
            {
                var (xi, mu) = (siems[0].Full!.Xi.ToArray(), siems[0].Full!.Mu.ToArray());
                fullTimesteps = siems[0].Full!.Timesteps;
                if (process.Model == "independent") (independentXi, independentMu) = (xi, mu);
                else (sharedXi, sharedMu) = (xi, mu);
            }
        }

        var checkProcess = processes.First(p => p.Model == "ar1");
        var checkErrors = ScoreErrorModelCatalog.Create(checkProcess.Model, sizes.Dim, problem.EvaluationTimes, checkProcess.Rho, checkProcess.Eps, ErrorParts.Shift);
        var monteCarlo = MonteCarloReference.Run(problem, checkErrors, [0], sizes.McDraws, s.Seed)[0];
        var predictedCheck = outcomes.First(o => o.Process == checkProcess).ExpectedW2Squared;

        var floor = outcomes.Single(o => o.Process == ExactScore);
        var errorProcesses = outcomes.Where(o => o.Process != ExactScore).ToArray();
        var w2 = errorProcesses.Select(o => o.ExpectedW2Squared).ToArray();
        CorrelationTest With(Func<Outcome, double> metric) => SpearmanCorrelation.Compute(errorProcesses.Select(metric).ToArray(), w2);
        var (siemFull, siemFirst, muFull, muFirst) = (With(o => o.SiemFull), With(o => o.SiemFirst), With(o => o.MuFull), With(o => o.MuFirst));
        var sweeps = sizes.Eps.Select(eps => errorProcesses.Where(o => o.Process.Eps == eps).OrderBy(o => o.Process.Correlation).ToArray()).ToArray();
        double SweepCorrelation(Func<Outcome, double> metric) => sweeps.Average(sweep =>
            SpearmanCorrelation.Compute(sweep.Select(o => o.Process.Correlation).ToArray(), sweep.Select(metric).ToArray()).Coefficient);
        var (w2Rho, siemRho, siemFirstRho, muRho) = (SweepCorrelation(o => o.ExpectedW2Squared), SweepCorrelation(o => o.SiemFull),
            SweepCorrelation(o => o.SiemFirst), SweepCorrelation(o => o.MuFull));

        var checks = new Checks();
        checks.AtMost("W2^2 of a realisation: diffusers-step moments against paper 000's propagation, relative difference", crossCheck, 1e-4);
        checks.Add("E W2^2 of the kernel (exact for delta errors) inside the Monte Carlo 95% interval, " + checkProcess.Label, predictedCheck,
            $"in [{monteCarlo.Lower:G4}, {monteCarlo.Upper:G4}]", monteCarlo.Covers(predictedCheck));
        checks.Add("Spearman SIEM (999..0) vs exact E W2^2 across error processes", siemFull.Coefficient, ">= 0.5 with p < 0.05 (paper 004, Table 2: SIEM-W2 0.51)",
            siemFull.Coefficient >= 0.5 && siemFull.PValue < 0.05);
        checks.Add("Spearman SIEM (999..900) vs exact E W2^2 across error processes", siemFirst.Coefficient, ">= 0.5 with p < 0.05 (first 10% keeps it, paper 0.57)",
            siemFirst.Coefficient >= 0.5 && siemFirst.PValue < 0.05);
        checks.Add("Spearman of SIEM with the time correlation at fixed eps (mean over eps), against E W2^2's", siemRho,
            $"same sign as E W2^2's ({w2Rho:F2}): SIEM sees the time correlation", Math.Sign(siemRho) == Math.Sign(w2Rho) && Math.Abs(siemRho) >= 0.5);

        var summary = $"Across {errorProcesses.Length} error processes Spearman with the exact E W2^2: SIEM {siemFull.Coefficient:F2} (999..0), {siemFirst.Coefficient:F2} (999..900); "
                      + $"||mu|| {muFull.Coefficient:F2} / {muFirst.Coefficient:F2}. Along the time correlation at fixed eps E W2^2 has Spearman {w2Rho:F2} with rho, "
                      + $"SIEM {siemRho:F2} (first 10% {siemFirstRho:F2}), ||mu|| {muRho:F2}.";
        var numbers = new List<NumberRecord>
        {
            new("Spearman SIEM 0-999 vs E W2^2", siemFull.Coefficient, Description: $"p = {siemFull.PValue:G3}, {errorProcesses.Length} processes"),
            new("Spearman SIEM 900-999 vs E W2^2", siemFirst.Coefficient, Description: $"p = {siemFirst.PValue:G3}"),
            new("Spearman ||mu|| 0-999 vs E W2^2", muFull.Coefficient, Description: $"p = {muFull.PValue:G3}"),
            new("Spearman ||mu|| 900-999 vs E W2^2", muFirst.Coefficient, Description: $"p = {muFirst.PValue:G3}"),
            new("Spearman E W2^2 vs time correlation (fixed eps)", w2Rho, Description: "mean over eps of the Spearman along independent, AR(1) rhos, shared"),
            new("Spearman SIEM 0-999 vs time correlation", siemRho),
            new("Spearman SIEM 900-999 vs time correlation", siemFirstRho),
            new("Spearman ||mu|| 0-999 vs time correlation", muRho),
            new("E W2^2 kernel / Monte Carlo", predictedCheck / monteCarlo.Mean, Description: $"{checkProcess.Label}, Monte Carlo {monteCarlo.Mean:G4} +- {monteCarlo.HalfWidth95:G2} ({sizes.McDraws} draws)"),
            new("SIEM 0-999 of the exact score (Monte Carlo floor)", floor.SiemFull, Description: $"n = {sizes.Samples} states and data points per step"),
            new("W2^2 of one realisation: |Neural - Core| / Core", crossCheck, Description: "diffusers' DDPM sampler's exact state moments against paper 000's exact propagation"),
        };
        var figures = new List<FigureRecord>
        {
            ReportFigures.Scatter("siem-vs-w2", "SIEM against the exact E W2^2, one point per error process", "E W2^2 (exact)", "SIEM",
                errorProcesses.GroupBy(o => o.Process.Model == "ar1" ? $"AR(1) rho={o.Process.Rho:0.##}" : o.Process.Model)
                    .Select(g => ReportFigures.Series(g.Key, g.Select(o => o.ExpectedW2Squared), g.Select(o => o.SiemFull))),
                logX: true, logY: true, caption: "SIEM over 999..0 with the exact density ratio, mean over realisations; each colour is one time correlation, its points the eps values."),
            ReportFigures.Lines("rho-sweep", $"Along the time correlation at eps = {sizes.Eps[^1]}", "time correlation (0 independent, rho, 1 shared)", "value / its largest",
                SweepSeries(sweeps[^1]), caption: "E W2^2 grows with the time correlation of the errors (paper 000); SIEM is the fluctuation left after the sigma = 10 filter."),
        };
        if (independentXi is not null && sharedXi is not null)
        {
            var x = fullTimesteps!.Select(t => (double)t).ToArray();
            figures.Add(ReportFigures.Lines("xi-series", $"xi(t) of one realisation, eps = {sizes.Eps[^1]}", "diffusers timestep t", "xi",
            [
                ReportFigures.Series("independent: xi", x, independentXi, SeriesStyle.Markers), ReportFigures.Series("independent: mu", x, independentMu!),
                ReportFigures.Series("shared: xi", x, sharedXi, SeriesStyle.Markers), ReportFigures.Series("shared: mu", x, sharedMu!, SeriesStyle.Dashed),
            ], caption: "A white error makes xi fluctuate (SIEM); a shared error moves its smooth part mu_t."));
        }
        var table = new TableRecord("Per error process (means over realisations)",
            ["process", "E W2^2 (exact)", "W2^2 of the realisations", "SIEM 0-999", "sd", "SIEM 0-999 above the floor", "SIEM 900-999", "||mu|| 0-999", "||mu|| 900-999"],
            outcomes.Select(o => (IReadOnlyList<TableCell>)[o.Process.Label, o.ExpectedW2Squared, o.RealisedW2Squared, o.SiemFull, o.SiemFullStd,
                Math.Sqrt(Math.Max(0, o.SiemFull * o.SiemFull - floor.SiemFull * floor.SiemFull)), o.SiemFirst, o.MuFull, o.MuFirst]).ToList());
        var tables = new List<TableRecord> { table };
        if (comparison is not null)
        {
            var where = $"independent errors, eps = {sizes.Eps[^1]}, one realisation, n = {sizes.ComparisonSamples}";
            tables.Add(RatioComparisonBlock.PerTimestep($"Classifier ratio (Appendix B) against the exact ratio, per timestep ({where})", comparison));
            tables.Add(RatioComparisonBlock.Summary($"SIEM with the classifier ratio against the exact ratio ({where})", comparison));
            numbers.AddRange(RatioComparisonBlock.Numbers("classifier: ", comparison));
            figures.Add(RatioComparisonBlock.XiFigure("classifier-xi", $"xi with the exact ratio and with the classifier ({where})", comparison));
        }
        return new ExperimentRecord(Name, Title,
            "Paper 004 §7: SIEM tracks sample quality, also on the first 10% of sampling (Table 2: SIEM-W2 0.51 / 0.57). Paper 000: the expected W2^2 of a sampler "
            + "is governed by the time correlation of the score error. Here both are checked where E W2^2 is exact.",
            checks.Verdict($"SIEM ranks the error processes like the exact E W2^2. {summary}", $"SIEM does not rank the error processes like E W2^2. {summary}"),
            numbers, figures, tables);
    }

    /// <summary>Issue 11 item 2: the classifier ratio of Appendix B against the exact one on the states of one realisation.</summary>
    private static SiemRatioComparison CompareClassifier(Sizes sizes, NoiseSchedule schedule, GaussianNoisePredictor model, GaussianDataset data,
        GaussianRatioEstimator exact, int seed, Action<string> log)
    {
        log("classifier ratio against the exact ratio");
        var options = new SiemOptions(sizes.ComparisonFull ? SiemRange.Full : SiemRange.First10, Stride: 20, FirstStride: 10);
        var evaluator = new SiemEvaluator(schedule, options, exact);
        using var trajectory = evaluator.Sample(model, sizes.ComparisonSamples, (ulong)seed);
        return SiemRatioComparison.Run(evaluator, model, data, trajectory, exact, new ClassifierRatioEstimator(), sizes.ComparisonRepeats, (ulong)seed);
    }

    /// <summary>Paper 000's problem that is diffusers' DDPM: grid t_k = (k + 1)/1000 = diffusers timestep k, ancestral steps, target N(mu, C).</summary>
    private static ReverseProblem DdpmProblem(GaussianDataset data)
    {
        var schedule = new DiscreteDdpmSchedule();
        return new ReverseProblem(new GaussianTarget(data.Mean, data.Covariance), schedule,
            TimeGrid.Uniform(schedule.TrainSteps - 1, schedule.TimeOfStep(0), schedule.Horizon), new DdpmAncestralSampler());
    }

    /// <summary>
    /// The score error of each diffusers timestep in the data basis: evaluation n of paper 000's sampler is at t = 1 - n/1000,
    /// diffusers timestep 999 - n; timestep 0 (the last, noise-free step, beyond paper 000's grid) carries none.
    /// </summary>
    private static double[][] ScoreOffsets(ReverseProblem problem, ErrorDraw draw, int timesteps)
    {
        var q = problem.Target.Eigenvectors;
        var offsets = Enumerable.Range(0, timesteps).Select(_ => new double[problem.Dimension]).ToArray();
        for (var n = 0; n < problem.EvaluationTimes.Count; n++)
            if (draw.Shift[n] is { } shift) (q * shift).ToArray().CopyTo(offsets[timesteps - 1 - n], 0);
        return offsets;
    }

    private static IEnumerable<SeriesRecord> SweepSeries(IReadOnlyList<Outcome> sweep)
    {
        var x = sweep.Select(o => o.Process.Correlation).ToArray();
        IEnumerable<double> Scaled(Func<Outcome, double> metric)
        {
            var values = sweep.Select(metric).ToArray();
            var max = values.Max(Math.Abs);
            return values.Select(v => max > 0 ? v / max : v);
        }
        return
        [
            ReportFigures.Series("E W2^2 (exact)", x, Scaled(o => o.ExpectedW2Squared), SeriesStyle.LineAndMarkers),
            ReportFigures.Series("SIEM 0-999", x, Scaled(o => o.SiemFull), SeriesStyle.LineAndMarkers),
            ReportFigures.Series("SIEM 900-999", x, Scaled(o => o.SiemFirst), SeriesStyle.Dashed),
            ReportFigures.Series("||mu|| 0-999", x, Scaled(o => o.MuFull), SeriesStyle.LineAndMarkers),
        ];
    }
}
