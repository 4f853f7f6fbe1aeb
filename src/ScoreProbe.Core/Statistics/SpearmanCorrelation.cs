namespace ScoreProbe.Core.Statistics;

/// <summary>
/// Spearman's rank correlation: the Pearson correlation of the average ranks (ties share their mean rank),
/// as scipy.stats.spearmanr. The default p-value is scipy's t approximation with n - 2 degrees of freedom;
/// for n &lt;= 9 the exact permutation p-value P(|rho_perm| &gt;= |rho|) over all n! orderings is available.
/// </summary>
/// <remarks>
/// NaN (a diverged checkpoint's metric) has no rank: <see cref="Compute"/> returns NaN for the coefficient and the p-value
/// when any input is NaN (scipy's nan_policy="propagate"); <see cref="ComputeOmittingNaN"/> drops those pairs and says which
/// (nan_policy="omit"), for callers that report the omission.
/// </remarks>
public static class SpearmanCorrelation
{
    public const int MaxExactN = 9;

    public static CorrelationTest Compute(IReadOnlyList<double> x, IReadOnlyList<double> y, SpearmanPValueMethod method = SpearmanPValueMethod.TDistribution)
    {
        PearsonCorrelation.RequirePairs(x, y, 3);
        var rx = Ranks.Average(x);
        var ry = Ranks.Average(y);
        if (rx.Any(double.IsNaN) || ry.Any(double.IsNaN)) return new CorrelationTest(double.NaN, double.NaN, x.Count);
        var rho = PearsonCorrelation.Coefficient(rx, ry);
        var p = method switch
        {
            SpearmanPValueMethod.TDistribution => PearsonCorrelation.TwoSidedTPValue(rho, x.Count),
            SpearmanPValueMethod.ExactPermutation => ExactPermutationPValue(rx, ry, rho),
            _ => throw new ArgumentOutOfRangeException(nameof(method)),
        };
        return new CorrelationTest(rho, p, x.Count);
    }

    /// <summary>Spearman over the pairs where neither value is NaN; <c>Omitted</c> lists the dropped pair indices.</summary>
    /// <returns>NaN coefficient and p-value when fewer than 3 pairs remain.</returns>
    public static (CorrelationTest Result, IReadOnlyList<int> Omitted) ComputeOmittingNaN(
        IReadOnlyList<double> x, IReadOnlyList<double> y, SpearmanPValueMethod method = SpearmanPValueMethod.TDistribution)
    {
        PearsonCorrelation.RequirePairs(x, y, 0);
        var omitted = Enumerable.Range(0, x.Count).Where(i => double.IsNaN(x[i]) || double.IsNaN(y[i])).ToArray();
        var kept = Enumerable.Range(0, x.Count).Except(omitted).ToArray();
        if (kept.Length < 3) return (new CorrelationTest(double.NaN, double.NaN, kept.Length), omitted);
        return (Compute(kept.Select(i => x[i]).ToArray(), kept.Select(i => y[i]).ToArray(), method), omitted);
    }

    private static double ExactPermutationPValue(double[] rx, double[] ry, double rho)
    {
        var n = rx.Length;
        if (n > MaxExactN) throw new ArgumentException($"exact permutation p-value needs n <= {MaxExactN} (got {n}); use the t approximation.");
        if (double.IsNaN(rho)) return double.NaN;
        // Tolerance so that permutations reproducing |rho| up to rounding count as "at least as extreme".
        var threshold = Math.Abs(rho) - 1e-12;
        var permuted = (double[])ry.Clone();
        long extreme = 0, total = 0;
        Permute(permuted, 0, () =>
        {
            total++;
            if (Math.Abs(PearsonCorrelation.Coefficient(rx, permuted)) >= threshold) extreme++;
        });
        return (double)extreme / total;
    }

    private static void Permute(double[] values, int position, Action visit)
    {
        if (position == values.Length) { visit(); return; }
        for (var i = position; i < values.Length; i++)
        {
            (values[position], values[i]) = (values[i], values[position]);
            Permute(values, position + 1, visit);
            (values[position], values[i]) = (values[i], values[position]);
        }
    }
}
