namespace ScoreProbe.Core.Statistics;

/// <summary>Fractional ranking: ranks 1..n, tied values share the average of the ranks they span (scipy.stats.rankdata, method="average").</summary>
public static class Ranks
{
    public static double[] Average(IReadOnlyList<double> values)
    {
        var n = values.Count;
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
