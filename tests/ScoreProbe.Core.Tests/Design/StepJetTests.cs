using ScoreProbe.Core.Design;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Design;

public class StepJetTests
{
    private static readonly GaussianTarget Target = TestProblems.DiagonalWithMean;

    // Step ends off the discrete schedules' nodes (multiples of 1/1000) by more than the stencil's reach.
    private const double From = 0.41234, To = 0.30456;

    public static TheoryData<string, string> SamplersAndSchedules()
    {
        var data = new TheoryData<string, string>();
        foreach (var sampler in SamplerCatalog.Names)
            foreach (var schedule in ScheduleCatalog.Names)
                data.Add(sampler, schedule);
        return data;
    }

    private static bool IsSingleStage(IReverseSampler sampler, IDiffusionSchedule schedule) =>
        SingleStageCoefficients.TryRead(sampler, new StepContext(schedule, From, To)) is not null;

    private static double[] Values(IReverseSampler sampler, IDiffusionSchedule schedule, double from, double to) =>
        StepJet.Compute(Target, schedule, sampler, from, to, IsSingleStage(sampler, schedule), needFrom: false, needTo: false).Values;

    /// <summary>Fourth-order central differences, <c>(f(x-2d) - 8 f(x-d) + 8 f(x+d) - f(x+2d)) / (12 d)</c>, entry by entry.</summary>
    private static double[] Stencil(Func<double, double[]> f, double x, double d)
    {
        double[] m2 = f(x - 2 * d), m1 = f(x - d), p1 = f(x + d), p2 = f(x + 2 * d);
        return m2.Select((_, i) => (m2[i] - 8 * m1[i] + 8 * p1[i] - p2[i]) / (12 * d)).ToArray();
    }

    [Theory]
    [MemberData(nameof(SamplersAndSchedules))]
    public void EndTimeDerivativesOfEveryCoefficientMatchFiniteDifferences(string samplerName, string scheduleName)
    {
        var sampler = SamplerCatalog.Create(samplerName, alpha: 0.6);
        var schedule = ScheduleCatalog.Create(scheduleName);
        var jet = StepJet.Compute(Target, schedule, sampler, From, To, IsSingleStage(sampler, schedule), needFrom: true, needTo: true);
        const double d = 1e-5;
        var dFrom = Stencil(t => Values(sampler, schedule, t, To), From, d);
        var dTo = Stencil(t => Values(sampler, schedule, From, t), To, d);
        for (var i = 0; i < jet.Values.Length; i++)
        {
            if (double.IsNaN(jet.Values[i])) continue; // the score weight of a multi-stage sampler
            Assert.True(Math.Abs(jet.DFrom[i] - dFrom[i]) <= 1e-8 * Math.Max(1, Math.Abs(dFrom[i])), $"entry {i}: d/dt_(k+1) exact {jet.DFrom[i]:G12}, finite differences {dFrom[i]:G12}");
            Assert.True(Math.Abs(jet.DTo[i] - dTo[i]) <= 1e-8 * Math.Max(1, Math.Abs(dTo[i])), $"entry {i}: d/dt_k exact {jet.DTo[i]:G12}, finite differences {dTo[i]:G12}");
        }
    }

    [Theory]
    [MemberData(nameof(SamplersAndSchedules))]
    public void ValuesAreTheSamplingStepsCoefficientsBitForBit(string samplerName, string scheduleName)
    {
        // Seeding the end-time tangents leaves the values those of the unseeded step the samplers run when sampling.
        var sampler = SamplerCatalog.Create(samplerName, alpha: 0.6);
        var schedule = ScheduleCatalog.Create(scheduleName);
        var context = new StepContext(schedule, From, To);
        var single = SingleStageCoefficients.TryRead(sampler, context);
        var jet = StepJet.Compute(Target, schedule, sampler, From, To, single is not null, needFrom: true, needTo: true);
        var stages = sampler.StageTimes(context);
        for (var i = 0; i < Target.Dimension; i++)
        {
            var mode = i;
            var map = sampler.Step(ScalarAffine.Identity, context, (x, stage) =>
            {
                double a = schedule.MeanScale(stages[stage]), precision = 1 / (a * a * Target.Eigenvalues[mode] + schedule.NoiseVariance(stages[stage]));
                return x.Score(precision, precision * a * Target.MeanInEigenbasis[mode]);
            });
            Assert.Equal(map.Slope.Value, jet.Values[i]);
            Assert.Equal(map.Offset.Value, jet.Values[Target.Dimension + i]);
        }
        var noise = sampler.NoiseStd(context);
        Assert.Equal(noise * noise, jet.Values[2 * Target.Dimension]);
        if (single is { } weights) Assert.Equal(weights.ScoreWeight, jet.Values[2 * Target.Dimension + 1]);
    }
}
