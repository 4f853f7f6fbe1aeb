using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Spde;

/// <summary>Runs <see cref="SpdeConfig.Realisations"/> independent noise realisations (realisation i seeded from (Seed, i), so the result does not depend on threading) and summarises them.</summary>
public static class SpdeEnsemble
{
    /// <param name="config">Model and solver settings.</param>
    /// <param name="progress">Called with the number of finished realisations (from worker threads).</param>
    public static SpdeEnsembleResult Run(SpdeConfig config, Action<int>? progress = null)
    {
        var solver = new StochasticFiniteVolumeSolver(config);
        var runs = new SpdeRealisation[config.Realisations];
        var done = 0;
        Parallel.For(0, config.Realisations, i =>
        {
            runs[i] = solver.Run(i);
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        var times = solver.RecordTimes();
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
            EnergyBalanceFit.TryFit(times, mean),
            runs.Max(run => run.MaxMassError),
            runs.Min(run => run.MinDensity),
            runs.Max(run => run.Steps),
            runs.Sum(run => run.LimitedSteps),
            solver.Grid.HalfWidth,
            solver.Grid.Spacing);
    }
}
