using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Tests.Statistics;

public class GaussianFilter1DTests
{
    [Fact]
    public void Matches_scipy_documentation_examples()
    {
        // scipy.ndimage.gaussian_filter1d([1., 2., 3., 4., 5.], 1) and (..., 4), mode="reflect", truncate=4.0
        var one = GaussianFilter1D.Apply([1, 2, 3, 4, 5], 1);
        double[] expectedOne = [1.42704095, 2.06782203, 3.0, 3.93217797, 4.57295905];
        for (var i = 0; i < 5; i++) Assert.Equal(expectedOne[i], one[i], 7);
        var four = GaussianFilter1D.Apply([1, 2, 3, 4, 5], 4);
        double[] expectedFour = [2.91948343, 2.95023502, 3.0, 3.04976498, 3.08051657];
        for (var i = 0; i < 5; i++) Assert.Equal(expectedFour[i], four[i], 7);
    }

    [Fact]
    public void Leaves_a_constant_series_unchanged()
    {
        var smoothed = GaussianFilter1D.Apply(Enumerable.Repeat(2.5, 30).ToArray(), 10);
        Assert.All(smoothed, v => Assert.Equal(2.5, v, 12));
    }
}
