namespace ScoreProbe.Core.Statistics;

/// <summary>
/// Nonparametric bootstrap over n independent units (repetitions, seeds): each resample draws n unit indices with
/// replacement; the percentile interval is [q_{(1-level)/2}, q_{(1+level)/2}] of the resampled statistic
/// (linear-interpolated quantiles, <see cref="EmpiricalQuantile"/>). Deterministic for a given seed.
/// </summary>
public static class Bootstrap
{
    /// <param name="n">Number of units.</param>
    /// <param name="statistic">Maps a multiset of unit indices (length n) to the statistic; the identity 0..n-1 gives the estimate.</param>
    /// <param name="resamples">Number of bootstrap resamples (at least 10).</param>
    /// <param name="seed">Seed of the resampling generator.</param>
    /// <param name="level">Confidence level in (0, 1).</param>
    public static BootstrapInterval Percentile(int n, Func<int[], double> statistic, int resamples, int seed, double level = 0.95)
    {
        var (estimate, values) = Resample(n, statistic, resamples, seed, level);
        var tail = (1.0 - level) / 2.0;
        return new BootstrapInterval(estimate, EmpiricalQuantile.OfSorted(values, tail), EmpiricalQuantile.OfSorted(values, 1.0 - tail), level, resamples);
    }

    /// <summary>
    /// The percentile interval moved by the bootstrap's own bias estimate <c>mean(resamples) - estimate</c>. For an estimator that is
    /// already corrected for its finite-sample bias (a plug-in W2^2 minus its bias), resampling the data re-introduces that bias, so
    /// the plain percentile interval sits one bias above the estimate; the shifted one is centred like the estimator.
    /// </summary>
    public static BootstrapInterval RecentredPercentile(int n, Func<int[], double> statistic, int resamples, int seed, double level = 0.95)
    {
        var (estimate, values) = Resample(n, statistic, resamples, seed, level);
        var tail = (1.0 - level) / 2.0;
        var shift = values.Average() - estimate;
        return new BootstrapInterval(estimate, EmpiricalQuantile.OfSorted(values, tail) - shift, EmpiricalQuantile.OfSorted(values, 1.0 - tail) - shift, level, resamples);
    }

    private static (double Estimate, double[] Sorted) Resample(int n, Func<int[], double> statistic, int resamples, int seed, double level)
    {
        if (n < 2) throw new ArgumentException($"the bootstrap needs at least 2 units (got {n}).");
        if (resamples < 10) throw new ArgumentException($"use at least 10 bootstrap resamples (got {resamples}).");
        if (!(level > 0 && level < 1)) throw new ArgumentException($"level must lie in (0, 1) (got {level}).");
        var estimate = statistic(Enumerable.Range(0, n).ToArray());
        var random = new Random(seed);
        var values = new double[resamples];
        var indices = new int[n];
        for (var b = 0; b < resamples; b++)
        {
            for (var i = 0; i < n; i++) indices[i] = random.Next(n);
            values[b] = statistic(indices);
        }
        Array.Sort(values);
        return (estimate, values);
    }
}
