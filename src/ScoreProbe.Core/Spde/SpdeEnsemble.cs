using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Spde;

/// <summary>Runs <see cref="SpdeConfig.Realisations"/> independent noise realisations (realisation i seeded from (Seed, i), so the result does not depend on threading) and summarises them.</summary>
public static class SpdeEnsemble
{
    /// <param name="config">Model and solver settings.</param>
    /// <param name="progress">Called with the number of finished realisations (from worker threads).</param>
    /// <param name="fitFrom">The eq. (10) fit uses record times t &gt;= fitFrom only (the contraction phase, or a window where lambda and eta are roughly constant).</param>
    public static SpdeEnsembleResult Run(SpdeConfig config, Action<int>? progress = null, double fitFrom = 0.0)
    {
        var solver = Prepare(config, fitFrom);
        var times = solver.RecordTimes();
        var fitStart = Array.FindIndex(times, t => t >= fitFrom);
        var runs = new SpdeRealisation[config.Realisations];
        var done = 0;
        Parallel.For(0, config.Realisations, i =>
        {
            runs[i] = solver.Run(i);
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        double[] Across(Func<double[], double> summary) =>
            Enumerable.Range(0, times.Length).Select(r => summary(runs.Select(run => run.Kl[r]).ToArray())).ToArray();
        var mean = Across(values => values.Average());
        return new SpdeEnsembleResult(
            times,
            mean,
            Across(values => EmpiricalQuantile.Of(values, 0.5)),
            Across(values => EmpiricalQuantile.Of(values, SpdeEnsembleResult.LowerQuantile)),
            Across(values => EmpiricalQuantile.Of(values, SpdeEnsembleResult.UpperQuantile)),
            runs.Select(run => run.Kl[^1]).ToArray(),
            EnergyBalanceFit.TryFit(times[fitStart..], mean[fitStart..]),
            fitFrom,
            runs.Max(run => run.MaxMassError),
            runs.Min(run => run.MinDensity),
            runs.Max(run => run.Steps),
            runs.Sum(run => run.LimitedSteps),
            solver.Grid.HalfWidth,
            solver.Grid.Spacing);
    }

    /// <summary>
    /// The solver for <paramref name="config"/> once every setting, the memory and work budgets and the fit window have been
    /// checked (<see cref="InvalidConfigurationException"/> otherwise): what <see cref="Run"/> does first, for callers that
    /// want to fail before they start reporting progress.
    /// </summary>
    public static StochasticFiniteVolumeSolver Prepare(SpdeConfig config, double fitFrom = 0.0)
    {
        var solver = new StochasticFiniteVolumeSolver(config);
        var times = solver.RecordTimes();
        if (!(fitFrom >= 0 && fitFrom < config.Target.Horizon))
            throw new InvalidConfigurationException("fit-from", $"must lie in [0, horizon) = [0, {Guard.Show(config.Target.Horizon)}) (got {Guard.Show(fitFrom)})");
        var fitStart = Array.FindIndex(times, t => t >= fitFrom);
        if (fitStart < 0 || times.Length - fitStart < EnergyBalanceFit.MinimumPoints)
        {
            var held = fitStart < 0 ? 0 : times.Length - fitStart;
            var problem = $"leaves {held} of the {times.Length} record times in the fit window; the eq. (10) fit needs {EnergyBalanceFit.MinimumPoints}";
            throw fitFrom > 0
                ? new InvalidConfigurationException("fit-from", $"{Guard.Show(fitFrom)} {problem}: lower it or raise record-points")
                : new InvalidConfigurationException("record-points", $"{times.Length} {problem}: record at least {EnergyBalanceFit.MinimumPoints} times");
        }
        return solver;
    }
}
