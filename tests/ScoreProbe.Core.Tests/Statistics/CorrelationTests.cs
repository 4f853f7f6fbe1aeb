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

    /// <summary>
    /// A diverged checkpoint (NaN metric) must not rank as the best one. scipy 1.10.1:
    /// spearmanr(x, y) -> (nan, nan); spearmanr(x, y, nan_policy="omit") -> (0.9, 0.03738607346849863).
    /// </summary>
    [Fact]
    public void Spearman_with_a_NaN_input_is_NaN_and_the_omitting_form_drops_that_pair_like_scipy()
    {
        double[] x = [1, 2, double.NaN, 4, 5, 6, 0.5];
        double[] y = [2, 1, 3, 5, double.NaN, 7, 0];
        var propagated = SpearmanCorrelation.Compute(x, y);
        Assert.True(double.IsNaN(propagated.Coefficient) && double.IsNaN(propagated.PValue));
        Assert.True(double.IsNaN(SpearmanCorrelation.Compute(x, y, SpearmanPValueMethod.ExactPermutation).Coefficient));

        var (omitting, omitted) = SpearmanCorrelation.ComputeOmittingNaN(x, y);
        Assert.Equal([2, 4], omitted);
        Assert.Equal(5, omitting.N);
        Assert.Equal(0.9, omitting.Coefficient, 12);
        Assert.Equal(0.03738607346849863, omitting.PValue, 10);
    }

    [Fact]
    public void Spearman_without_NaN_ranks_infinities_at_the_ends()
    {
        var result = SpearmanCorrelation.Compute([1, 2, 3, double.PositiveInfinity], [1, 2, 3, 4]);
        Assert.Equal(1.0, result.Coefficient, 14);
    }

    [Fact]
    public void Ranks_of_a_series_with_NaN_are_all_NaN()
    {
        Assert.All(Ranks.Average([3, double.NaN, 1]), r => Assert.True(double.IsNaN(r)));
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
