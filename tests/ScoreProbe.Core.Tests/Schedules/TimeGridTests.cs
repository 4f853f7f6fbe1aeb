using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Tests.Schedules;

public class TimeGridTests
{
    [Fact]
    public void UniformAndQuadraticHitTheirFormulas()
    {
        var u = TimeGrid.Uniform(4, 0.2, 1.0);
        Assert.Equal([0.2, 0.4, 0.6, 0.8, 1.0], u.Times.Select(t => Math.Round(t, 12)));
        var q = TimeGrid.Quadratic(4, 0.2, 1.0);
        Assert.Equal(0.2 + 0.8 * 0.0625, q[1], 12);
        Assert.Equal(0.2, u.MaxStep, 12);
    }

    [Fact]
    public void KarrasGridSpacesSigmaToTheOneOverRhoEvenly()
    {
        var s = new VpLinearSchedule();
        var g = TimeGrid.Karras(10, 1e-3, 1.0, s);
        double Root(double t) => Math.Pow(Math.Sqrt(s.NoiseVariance(t)) / s.MeanScale(t), 1 / 7.0);
        var gaps = Enumerable.Range(0, 10).Select(k => Root(g[k + 1]) - Root(g[k])).ToArray();
        Assert.All(gaps, gap => Assert.Equal(gaps[0], gap, 1e-9));
    }

    [Theory]
    [InlineData(0, 0.1)]
    [InlineData(5, 0.0)]
    [InlineData(5, 1.5)]
    public void BadGridsAreConfigurationErrors(int steps, double tMin) =>
        Assert.Throws<InvalidConfigurationException>(() => TimeGrid.Uniform(steps, tMin, 1.0));

    [Fact]
    public void CustomGridMustIncrease() =>
        Assert.Throws<InvalidConfigurationException>(() => TimeGrid.Custom([0.1, 0.3, 0.2]));

    [Theory]
    [InlineData("vp-linear")]
    [InlineData("vp-cosine")]
    [InlineData("ve")]
    public void LogSnrGridSpacesTheLogSignalToNoiseRatioEvenly(string schedule)
    {
        var s = ScheduleCatalog.Create(schedule);
        var g = TimeGrid.LogSnr(12, 1e-3, s.Horizon, s);
        double LogSnr(double t) => Math.Log(s.MeanScale(t) * s.MeanScale(t) / s.NoiseVariance(t));
        var gaps = Enumerable.Range(0, 12).Select(k => LogSnr(g[k + 1]) - LogSnr(g[k])).ToArray();
        Assert.All(gaps, gap => Assert.Equal(gaps[0], gap, 1e-8 * Math.Abs(gaps[0])));
        Assert.True(gaps[0] < 0, "log-SNR falls with t");
        Assert.Equal("log-snr", g.Kind);
    }

    [Fact]
    public void CustomSpecRoundTripsExactly()
    {
        var s = new VpLinearSchedule();
        var g = TimeGrid.Karras(7, 1e-3, 1.0, s);
        Assert.Equal(g.Times, TimeGrid.Parse(g.ToCustomSpec(), 99, 0.5, s).Times);
    }

    [Theory]
    [InlineData("bogus")]
    [InlineData("custom:0.1,nan,1")]
    public void UnknownGridNamesTheGridAndTheCustomForm(string spec)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => TimeGrid.Parse(spec, 10, 1e-3, new VpLinearSchedule()));
        Assert.Equal("grid", e.Parameter);
        Assert.Contains("custom:t0", e.Message);
    }

    [Fact]
    public void GridEndingAtDataRunsTheDiscreteSamplersToCleanData()
    {
        // DDIM on diffusers' 1000 timesteps, last step to alphabar = 1 (t = 0): the exact-score output is the data up to
        // E0 (alphabar_999 = 4e-5) and the discretisation error.
        var schedule = new DiscreteDdpmSchedule(float32Betas: false);
        double FinalW2(int steps, out double e0)
        {
            var stride = 1000 / steps;
            var grid = TimeGrid.EndingAtData(Enumerable.Range(0, steps).Select(k => schedule.TimeOfStep(stride * k)).ToArray());
            Assert.Equal(0.0, grid[0]);
            Assert.Equal(steps, grid.Steps);
            var problem = new ScoreProbe.Core.Propagation.ReverseProblem(ScoreProbe.Core.Targets.GaussianTarget.Spectrum(2, 1), schedule, grid,
                new ScoreProbe.Core.Samplers.DdimSampler());
            e0 = ScoreProbe.Core.Propagation.ContinuousReverseReference.E0(problem, [0])[0];
            return ScoreProbe.Core.Metrics.FrechetDistance.SquaredDiagonal(problem.Target.MeanInEigenbasis.ToArray(), problem.Target.Eigenvalues.ToArray(),
                problem.Exact.Mean[0], problem.Exact.Variance[0]);
        }
        var coarse = FinalW2(50, out var e0);
        var fine = FinalW2(1000, out _);
        Assert.InRange(e0, 0, 1e-7);
        Assert.InRange(coarse, 1e-4, 1e-2);
        Assert.InRange(coarse / fine, 200, 800); // first-order moment errors: W2^2 falls like h^2, 20x fewer steps ~ 400x
        Assert.Throws<InvalidConfigurationException>(() => TimeGrid.EndingAtData([0.5, 0.2]));
    }
}
