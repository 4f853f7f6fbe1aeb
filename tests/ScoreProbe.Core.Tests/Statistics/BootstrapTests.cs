using MathNet.Numerics.Distributions;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Tests.Statistics;

public class BootstrapTests
{
    [Fact]
    public void Percentile_interval_of_a_mean_covers_the_truth_at_its_nominal_rate()
    {
        // 200 independent data sets of 60 N(1, 1) draws: the 95% interval should cover 1 in about 190 of them.
        const int seeds = 200;
        var covered = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var data = new double[60];
            Normal.Samples(new Random(1000 + seed), data, 1.0, 1.0);
            var interval = Bootstrap.Percentile(data.Length, idx => idx.Average(i => data[i]), 400, seed);
            if (interval.Contains(1.0)) covered++;
        }
        // Binomial(200, 0.95) has sd 3.1; percentile intervals of a mean slightly undercover at n = 60.
        Assert.InRange(covered, 178, 200);
    }

    [Fact]
    public void Same_seed_gives_the_same_interval()
    {
        double[] data = [1, 4, 2, 8, 5, 7];
        var a = Bootstrap.Percentile(6, idx => idx.Average(i => data[i]), 100, 7);
        var b = Bootstrap.Percentile(6, idx => idx.Average(i => data[i]), 100, 7);
        Assert.Equal(a, b);
        Assert.Equal(data.Average(), a.Estimate, 14);
    }
}
