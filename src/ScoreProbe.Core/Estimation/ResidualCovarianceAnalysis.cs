using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// The §7 pipeline of paper 000 on user residuals: ridge affine fit per time and repetition, the structured time-time
/// covariance of z_a = (vec Delta_a, delta_a), PSD projection, per-time marginals and bootstrap intervals over repetitions.
/// Built-in functionals: shift_marginal_total = sum_a tr Sigma^delta_aa (what per-time diagnostics see),
/// shift_correlated_total = sum_ab tr Sigma^delta_ab (= E||sum_a (delta_a - E delta_a)||^2, which also counts cross-time
/// correlation), delta_marginal_total = sum_a tr Sigma^Delta_aa.
/// </summary>
public static class ResidualCovarianceAnalysis
{
    public static CovarianceAnalysis Run(ResidualSet set, CovarianceAnalysisOptions options)
    {
        options.Validate(set);
        var samples = CoefficientSamples.Fit(set, options.Ridge, options.DiagonalDelta);
        RequireFinite(samples.Stacked.Enumerate(), "the fitted affine coefficients");
        var structure = options.CreateStructure();
        var raw = structure.Fit(samples.Stacked, samples.Times, samples.ModesPerTime);
        RequireFinite(raw.ToMatrix().Enumerate(), "the covariance of the fitted coefficients");
        var negativeMass = raw.NegativeEigenvalueMass();
        var estimate = options.ProjectPsd ? raw.ProjectedToPsd() : raw;
        var covariance = new CoefficientCovariance(estimate, set.Dim, options.DiagonalDelta);

        var functionals = new Dictionary<string, Func<TimeCovarianceEstimate, double>>
        {
            ["shift_marginal_total"] = e => Sum(e, samples, shift: true, crossTime: false),
            ["shift_correlated_total"] = e => Sum(e, samples, shift: true, crossTime: true),
            ["delta_marginal_total"] = e => Sum(e, samples, shift: false, crossTime: false),
        };
        var intervals = new Dictionary<string, BootstrapInterval>();
        var predicted = options.PredictedError?.Invoke(estimate);
        BootstrapInterval? predictedInterval = null;
        if (options.BootstrapResamples > 0)
        {
            // Bootstrap resamples are refitted without PSD projection: the built-in functionals are linear in Sigma.
            foreach (var (name, functional) in functionals)
                intervals[name] = CovarianceBootstrap.Interval(samples.Stacked, samples.Times, samples.ModesPerTime, structure, functional, options.BootstrapResamples, options.Seed);
            if (options.PredictedError is { } prediction)
                predictedInterval = CovarianceBootstrap.Interval(samples.Stacked, samples.Times, samples.ModesPerTime, structure,
                    e => prediction(options.ProjectPsd ? e.ProjectedToPsd() : e), options.BootstrapResamples, options.Seed);
        }
        RequireFinite(intervals.Values.SelectMany(i => new[] { i.Estimate, i.Lower, i.Upper }), "the bootstrap intervals");
        if (predicted is { } q) RequireFinite([q, .. predictedInterval is { } i ? new[] { i.Lower, i.Upper } : []], "the predicted error");
        var marginals = Marginals(set, samples, covariance);
        RequireFinite(marginals.SelectMany(m => new[] { m.ResidualRms, m.ShiftMeanNorm, m.ShiftVariance, m.DeltaMeanNorm, m.DeltaVariance }), "per-time marginals");
        return new CovarianceAnalysis(samples, covariance, negativeMass, marginals, intervals, predicted, predictedInterval);
    }

    /// <summary>Extreme inputs (values near the double range, states that barely vary) overflow the fit; say so instead of writing NaN.</summary>
    private static void RequireFinite(IEnumerable<double> values, string what)
    {
        if (!values.All(double.IsFinite))
            throw new InvalidConfigurationException("residuals",
                $"give non-finite {what} (states or residuals too large, or states too close together, for double precision); rescale the data or pass a ridge > 0");
    }

    private static double Sum(TimeCovarianceEstimate e, CoefficientSamples samples, bool shift, bool crossTime)
    {
        var first = shift ? samples.DeltaModes : 0;
        var count = shift ? samples.Dim : samples.DeltaModes;
        var total = 0.0;
        for (var a = 0; a < e.Times; a++)
            for (var b = crossTime ? 0 : a; b < (crossTime ? e.Times : a + 1); b++)
                for (var i = first; i < first + count; i++)
                    total += e.Entry(a, b, i, i);
        return total;
    }

    private static TimeMarginals[] Marginals(ResidualSet set, CoefficientSamples samples, CoefficientCovariance covariance)
    {
        var p = samples.ModesPerTime;
        var mean = samples.Stacked.ColumnSums() / samples.Repetitions;
        return Enumerable.Range(0, set.TimeCount).Select(a =>
        {
            var squares = 0.0;
            for (var r = 0; r < set.Repetitions; r++)
                for (var j = 0; j < set.Batch; j++)
                    foreach (var v in set.Residual(r, a, j)) squares += v * v;
            var deltaMean = mean.SubVector(a * p, samples.DeltaModes);
            var shiftMean = mean.SubVector(a * p + samples.DeltaModes, samples.Dim);
            return new TimeMarginals(set.Times[a], Math.Sqrt(squares / (set.Repetitions * set.Batch)),
                shiftMean.L2Norm(), covariance.ShiftVariance(a), deltaMean.L2Norm(), covariance.DeltaVariance(a));
        }).ToArray();
    }
}
