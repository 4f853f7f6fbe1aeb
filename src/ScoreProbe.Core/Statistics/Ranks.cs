namespace ScoreProbe.Core.Statistics;

/// <summary>Fractional ranking: ranks 1..n, tied values share the average of the ranks they span (scipy.stats.rankdata, method="average").</summary>
public static class Ranks
{
    /// <summary>
    /// The average ranks; all NaN when any value is NaN (scipy's nan_policy="propagate"): NaN has no place in an order, and
    /// ranking it below every number would turn a diverged value into the best one. Infinities rank at the ends.
    /// </summary>
    public static double[] Average(IReadOnlyList<double> values)
    {
        var n = values.Count;
        if (values.Any(double.IsNaN)) return Enumerable.Repeat(double.NaN, n).ToArray();
        var order = Enumerable.Range(0, n).OrderBy(i => values[i]).ToArray();
        var ranks = new double[n];
        for (var start = 0; start < n;)
        {
            var end = start;
            while (end + 1 < n && values[order[end + 1]] == values[order[start]]) end++;
            var shared = (start + end) / 2.0 + 1.0;
            for (var k = start; k <= end; k++) ranks[order[k]] = shared;
            start = end + 1;
        }
        return ranks;
    }
}
