namespace ScoreProbe.Core.Statistics;

/// <summary>How <see cref="SpearmanCorrelation"/> computes its p-value.</summary>
public enum SpearmanPValueMethod
{
    /// <summary>Student-t approximation with n - 2 degrees of freedom, as scipy.stats.spearmanr.</summary>
    TDistribution,

    /// <summary>Exact two-sided permutation p-value over all n! orderings of y (n &lt;= 9).</summary>
    ExactPermutation,
}
