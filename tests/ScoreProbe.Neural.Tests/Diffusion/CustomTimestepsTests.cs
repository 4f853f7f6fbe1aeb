using ScoreProbe.Core;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Probing;
using ScoreProbe.Neural.Tests.Probing;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Diffusion;

public class CustomTimestepsTests
{
    [Theory]
    [InlineData(TimestepSpacing.Leading, 10, 0)]
    [InlineData(TimestepSpacing.Leading, 20, 1)]
    [InlineData(TimestepSpacing.Trailing, 25, 0)]
    public void ADdimListEqualToTheSchedulersSpacingSamplesTheSameBits(TimestepSpacing spacing, int steps, int offset)
    {
        // diffusers' DDIM steps from t to t - N // n; a custom list steps to its next entry. For leading lists (any offset) and for
        // trailing lists with n dividing N the two are the same step, so the samples must agree bit for bit.
        using var network = OracleNetworks.Network(OracleNetworks.Perturbation(0.2, withDelta: true, seed: 2), ScalarType.Float32);
        var config = new SchedulerConfig
        {
            ClassName = SchedulerConfig.DdimClass, ClipSample = false, NumTrainTimesteps = 1000, TimestepSpacing = spacing, StepsOffset = offset,
        };
        var spaced = new DdimScheduler(NoiseSchedule.Default, config);
        var list = spacing.Timesteps(1000, steps, offset);
        using var a = new Sampler(spaced).Sample(network, 64, steps, seed: 5);
        using var b = new Sampler(spaced.WithTimesteps(list)).Sample(network, 64, steps, seed: 5);
        Assert.Equal(list, new Sampler(spaced).Scheduler.Timesteps(steps));
        Assert.Equal(a.Samples.data<float>().ToArray(), b.Samples.data<float>().ToArray());
    }

    [Fact]
    public void AnUnevenListSampledByTheSchedulerMatchesCoresDdimOnTheSameGrid()
    {
        // The scheduler's next-entry step and Core's DDIM on the grid of the list's times (ending at clean data) are the same map.
        using var network = OracleNetworks.Network(OracleNetworks.Perturbation(0.2, withDelta: true, seed: 4), ScalarType.Float32);
        var plan = SamplerPlan.FromTimesteps("ddim", [999, 842, 608, 367, 209, 88, 40, 3], OracleNetworks.Timeline, "designed");
        using var scheduler = NetworkSampling.Sample(network, plan, 256, seed: 3);
        using var core = NetworkSampling.CoreSteps(network, plan, 256, 3, []);
        var gap = (scheduler.Samples - core.Samples).abs().max().item<float>();
        Assert.True(gap < 2e-4, $"max |scheduler - core| = {gap}");
    }

    [Theory]
    [InlineData("", "at least one")]
    [InlineData("999,500,500", "strictly descending")]
    [InlineData("3,7", "strictly descending")]
    [InlineData("1000,3", "[0, 999]")]
    [InlineData("999,-1", "[0, 999]")]
    [InlineData("999,x", "comma list")]
    public void ListsThatAreNotDescendingDistinctTimestepsAreBadInputNamingTimesteps(string text, string says)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => text.Length == 0 ? CustomTimesteps.Validate([], 1000) : CustomTimesteps.Parse(text, 1000));
        Assert.Equal("timesteps", error.Parameter);
        Assert.Contains(says, error.Message);
    }

    [Fact]
    public void SamplersThatCannotVisitAListRefuseIt()
    {
        foreach (var name in new[] { "ddpm", "heun", "rk4" })
            Assert.Equal("sampler", Assert.Throws<InvalidConfigurationException>(() => SamplerPlan.FromTimesteps(name, [999, 0], OracleNetworks.Timeline)).Parameter);
        Assert.Equal([999, 959, 919], SamplerPlan.Trailing("ddim", 25, OracleNetworks.Timeline).Timesteps.Take(3));
    }
}
