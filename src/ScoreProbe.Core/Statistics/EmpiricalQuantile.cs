namespace ScoreProbe.Core.Statistics;

/// <summary>Sample quantiles with linear interpolation between order statistics (numpy.quantile's default, Hyndman–Fan type 7).</summary>
public static class EmpiricalQuantile
{
    public static double Of(IEnumerable<double> values, double q)
    {
        var sorted = values.ToArray();
        Array.Sort(sorted);
        return OfSorted(sorted, q);
    }

    /// <summary>Quantile q in [0, 1] of an ascending array: position h = (n - 1) q, interpolated between floor(h) and ceil(h).</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double q)
    {
        if (sorted.Count == 0) throw new ArgumentException("quantile of an empty sample.");
        if (!(q >= 0 && q <= 1)) throw new ArgumentOutOfRangeException(nameof(q), q, "q must lie in [0, 1].");
        var h = (sorted.Count - 1) * q;
        var lo = (int)Math.Floor(h);
        var hi = Math.Min(lo + 1, sorted.Count - 1);
        return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
    }
}
