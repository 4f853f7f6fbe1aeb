using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Tests.Statistics;

public class CorrelationTests
{
    [Fact]
    public void Spearman_matches_scipy_documentation_example_with_ties()
    {
        // scipy.stats.spearmanr([1,2,3,4,5], [5,6,7,8,7]) -> statistic 0.8207826816681233, pvalue 0.08858700531354381
        var result = SpearmanCorrelation.Compute([1, 2, 3, 4, 5], [5, 6, 7, 8, 7]);
        Assert.Equal(0.8207826816681233, result.Coefficient, 12);
        Assert.Equal(0.08858700531354381, result.PValue, 10);
    }

    [Fact]
    public void Spearman_of_a_monotone_transform_is_one_with_zero_p()
    {
        var x = Enumerable.Range(1, 20).Select(i => (double)i).ToArray();
        var result = SpearmanCorrelation.Compute(x, x.Select(v => Math.Exp(v / 3)).ToArray());
        Assert.Equal(1.0, result.Coefficient, 14);
        Assert.Equal(0.0, result.PValue);
    }

    [Fact]
    public void Exact_permutation_p_of_perfect_order_is_two_over_n_factorial()
    {
        // Only the identity and the reversal reach |rho| = 1 among 4! = 24 orderings.
        var result = SpearmanCorrelation.Compute([1, 2, 3, 4], [10, 20, 30, 40], SpearmanPValueMethod.ExactPermutation);
        Assert.Equal(2.0 / 24.0, result.PValue, 14);
    }

    [Fact]
    public void Exact_permutation_refuses_large_n()
    {
        var x = Enumerable.Range(0, 10).Select(i => (double)i).ToArray();
        Assert.Throws<ArgumentException>(() => SpearmanCorrelation.Compute(x, x, SpearmanPValueMethod.ExactPermutation));
    }

    [Fact]
    public void Average_ranks_share_ties()
    {
        Assert.Equal([1.0, 2.5, 2.5, 4.0], Ranks.Average([10, 20, 20, 30]));
        Assert.Equal([2.0, 2.0, 2.0], Ranks.Average([5, 5, 5]));
    }

    [Fact]
    public void Pearson_matches_hand_computation_and_two_dof_closed_form()
    {
        // r = 3/5; t = 0.6 sqrt(2 / 0.64); with 2 dof P(T > t) = (1 - t / sqrt(2 + t^2)) / 2 = 0.2, so p = 0.4.
        var result = PearsonCorrelation.Compute([1, 2, 3, 4], [2, 1, 4, 3]);
        Assert.Equal(0.6, result.Coefficient, 14);
        Assert.Equal(0.4, result.PValue, 12);
    }
}
