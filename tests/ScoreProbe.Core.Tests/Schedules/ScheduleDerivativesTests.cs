using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Tests.Schedules;

public class ScheduleDerivativesTests
{
    public static TheoryData<string> AllSchedules() => new(ScheduleCatalog.Names);

    /// <summary>Fourth-order central difference of f at x.</summary>
    private static double Stencil(Func<double, double> f, double x, double d) =>
        (f(x - 2 * d) - 8 * f(x - d) + 8 * f(x + d) - f(x + 2 * d)) / (12 * d);

    private static void AssertClose(double finiteDifferences, double exact, string what) =>
        Assert.True(Math.Abs(exact - finiteDifferences) <= 1e-8 * Math.Max(1, Math.Abs(finiteDifferences)),
            $"{what}: exact {exact:G12}, finite differences {finiteDifferences:G12}");

    [Theory]
    [MemberData(nameof(AllSchedules))]
    public void DualTangentsAreTheFunctionsDerivatives(string name)
    {
        var s = ScheduleCatalog.Create(name);
        const double d = 1e-5;
        foreach (var t in new[] { 0.1374, 0.51234, 0.83715 }) // off the discrete schedules' nodes, where beta jumps
        {
            var seeded = new Dual(t, 1);
            AssertClose(Stencil(s.MeanScale, t, d), s.MeanScale(seeded).Tangent, $"a'({t})");
            AssertClose(Stencil(s.NoiseVariance, t, d), s.NoiseVariance(seeded).Tangent, $"b2'({t})");
            AssertClose(Stencil(s.Beta, t, d), s.Beta(seeded).Tangent, $"beta'({t})");
            AssertClose(Stencil(s.G2, t, d), s.G2(seeded).Tangent, $"(g^2)'({t})");
            Assert.Equal(s.MeanScale(t), s.MeanScale(seeded).Value);
            Assert.Equal(s.NoiseVariance(t), s.NoiseVariance(seeded).Value);
        }
    }

    [Theory]
    [MemberData(nameof(AllSchedules))]
    public void FrozenScoreWeightTangentsFollowBothEnds(string name)
    {
        var s = ScheduleCatalog.Create(name);
        const double to = 0.30456, from = 0.41234, d = 1e-5;
        AssertClose(Stencil(u => s.FrozenScoreWeight(to, u), from, d), s.FrozenScoreWeight(to, new Dual(from, 1)).Tangent, "dW/dfrom");
        AssertClose(Stencil(u => s.FrozenScoreWeight(u, from), to, d), s.FrozenScoreWeight(new Dual(to, 1), from).Tangent, "dW/dto");
        Assert.Equal(s.FrozenScoreWeight(to, from), s.FrozenScoreWeight((Dual)to, from).Value);
    }
}
