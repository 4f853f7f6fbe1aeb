using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Problems;

public class GaussianProblemSpecTests
{
    [Fact]
    public void TargetAboveTheDimensionLimitIsRejectedNamingTheTarget()
    {
        var d = GaussianProblemSpec.MaxDimension + 1;
        var target = new GaussianTarget(Vector<double>.Build.Sparse(d), Matrix<double>.Build.SparseIdentity(d));
        var e = Assert.Throws<InvalidConfigurationException>(() => new GaussianProblemSpec { Target = target, Steps = 4 }.Build());
        Assert.Equal("target", e.Parameter);
        Assert.Contains("4096", e.Message);
    }

    [Fact]
    public void DimensionIsTheGivenTargetsNotTheDefault()
    {
        var target = new GaussianTarget(Vector<double>.Build.Dense(2), Matrix<double>.Build.DenseOfDiagonalArray([1.0, 3.0]));
        var spec = new GaussianProblemSpec { Target = target, Dim = 8, Steps = 10 };
        Assert.Equal(2, spec.Dimension);
        Assert.Equal(2, spec.Build().Problem.Dimension);
    }

    [Theory]
    [InlineData(1e308, "spectrum")]
    [InlineData(-1, "spectrum")]
    public void SpectrumOutsideTheResolvableRangeNamesTheSpectrum(double power, string parameter)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => new GaussianProblemSpec { Spectrum = power }.Build());
        Assert.Equal(parameter, e.Parameter);
        Assert.DoesNotContain("SPD", e.Message);
    }

    [Theory]
    [InlineData(1e308)]
    [InlineData(double.NaN)]
    public void HugeOrNaNMeanIsRejected(double mean)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() =>
            new GaussianTarget(Vector<double>.Build.Dense([mean, 0]), Matrix<double>.Build.DenseIdentity(2)));
        Assert.Equal("target", e.Parameter);
    }

    [Fact]
    public void RandomFeatureBudgetIsCheckedBeforeAllocating()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() =>
            new GaussianProblemSpec { ErrorModel = "random-features", Features = int.MaxValue }.Build());
        Assert.Equal("features", e.Parameter);
        Assert.Contains("GiB", e.Message);
    }

    [Fact]
    public void SpecBuildsTheProblemItNames()
    {
        var (problem, errors) = new GaussianProblemSpec { Dim = 5, Spectrum = 2, Sampler = "heun", Steps = 6, Grid = "log-snr", TMin = 0.01, ErrorModel = "shared" }.Build();
        var schedule = problem.Schedule;
        Assert.Equal(TimeGrid.LogSnr(6, 0.01, schedule.Horizon, schedule).Times, problem.Grid.Times);
        Assert.Equal("heun", problem.Sampler.Name);
        Assert.Equal(5, problem.Dimension);
        Assert.Equal(problem.EvaluationTimes.Count, errors.Times);
        Assert.Equal(0.1 * 0.1, errors.MarginalMagnitude(3), 12);
    }
}
