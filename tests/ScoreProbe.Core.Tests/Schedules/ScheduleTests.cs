using MathNet.Numerics;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Tests.Schedules;

public class ScheduleTests
{
    public static TheoryData<string> AllSchedules() => new(ScheduleCatalog.Names);

    [Fact]
    public void DiscreteDdpmMatchesDiffusersPublishedConstants()
    {
        var s = new DiscreteDdpmSchedule();
        Assert.Equal(1000, s.TrainSteps);
        Assert.Equal(1e-4, s.Betas[0], 1e-9);
        Assert.Equal(0.02, s.Betas[999], 1e-9);
        Assert.Equal(1 - 1e-4, s.AlphasCumprod[0], 1e-9);
        // diffusers DDPMScheduler() default: alphas_cumprod[-1] = 4.0358e-05.
        Assert.Equal(4.0358e-5, s.AlphasCumprod[999], 1e-8);
        // The continuous embedding passes through the nodes: alphabar((i+1)/N) = alphas_cumprod[i].
        Assert.Equal(s.AlphasCumprod[499], Math.Pow(s.MeanScale(s.TimeOfStep(499)), 2), 12);
    }

    [Fact]
    public void VpLinearHasTheClosedFormMarginal()
    {
        var s = new VpLinearSchedule();
        foreach (var t in new[] { 0.01, 0.3, 1.0 })
        {
            Assert.Equal(Math.Exp(-(0.1 * t + 0.5 * 19.9 * t * t)), s.MeanScale(t) * s.MeanScale(t), 14);
            Assert.Equal(1 - Math.Exp(-(0.1 * t + 0.5 * 19.9 * t * t)), s.NoiseVariance(t), 14);
        }
    }

    [Theory]
    [MemberData(nameof(AllSchedules))]
    public void MarginalsSolveTheForwardMomentOdes(string name)
    {
        // eq. (2): d log a/dt = -beta/2 and d b2/dt = -beta b2 + g^2, checked by central differences.
        var s = ScheduleCatalog.Create(name);
        foreach (var t in new[] { 0.1374, 0.51234, 0.83715 }) // off the discrete schedule's nodes, where beta jumps
        {
            const double h = 1e-6;
            var dLogA = (Math.Log(s.MeanScale(t + h)) - Math.Log(s.MeanScale(t - h))) / (2 * h);
            var dB2 = (s.NoiseVariance(t + h) - s.NoiseVariance(t - h)) / (2 * h);
            Assert.Equal(-0.5 * s.Beta(t), dLogA, 1e-5 * Math.Max(1, s.Beta(t)));
            Assert.Equal(-s.Beta(t) * s.NoiseVariance(t) + s.G2(t), dB2, 1e-5 * Math.Max(1, s.G2(t)));
        }
    }

    [Theory]
    [MemberData(nameof(AllSchedules))]
    public void FrozenScoreWeightIsTheIntegralItClaims(string name)
    {
        var s = ScheduleCatalog.Create(name);
        double lo = 0.4013, hi = 0.4531;
        // Split at multiples of 1/1000 so that the discrete schedule's piecewise-constant beta is smooth on every piece.
        var cuts = new[] { lo }.Concat(Enumerable.Range(402, 52).Select(n => n / 1000.0)).Append(hi).ToArray();
        var quadrature = cuts.Zip(cuts.Skip(1), (a, b) => Integrate.OnClosedInterval(u => s.G2(u) * s.MeanScale(lo) / s.MeanScale(u), a, b, 1e-13)).Sum();
        Assert.Equal(quadrature, s.FrozenScoreWeight(lo, hi), 1e-7 * Math.Abs(quadrature));
    }

    [Fact]
    public void UnknownScheduleIsAConfigurationError()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => ScheduleCatalog.Create("vp-quadratic"));
        Assert.Contains("vp-linear", e.Message);
    }
}
