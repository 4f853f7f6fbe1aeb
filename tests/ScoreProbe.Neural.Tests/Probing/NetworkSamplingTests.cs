using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.Probing;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Probing;

public class NetworkSamplingTests
{
    [Theory]
    [InlineData("ddpm", 50)]
    [InlineData("ddim", 20)]
    public void CoreSamplerStepsOnTensorsReproduceDiffusersSchedulers(string sampler, int steps)
    {
        // Core's DDPM ancestral and DDIM steps on the embedded schedule are the exact models of diffusers' schedulers: run on the
        // same network with the same generator they give the same samples.
        var errors = OracleNetworks.Perturbation(0.2, withDelta: true, seed: 4);
        using var network = OracleNetworks.Network(errors, ScalarType.Float32);
        var plan = SamplerPlan.Create(sampler, steps, OracleNetworks.Timeline);
        using var diffusers = NetworkSampling.Sample(network, plan, 256, seed: 3);
        using var core = NetworkSampling.CoreSteps(network, plan, 256, 3, []);
        var gap = (diffusers.Samples - core.Samples).abs().max().item<float>();
        Assert.True(gap < 2e-4, $"max |diffusers - core| = {gap}");
    }

    [Theory]
    [InlineData("em", 200)]
    [InlineData("heun", 100)]
    [InlineData("rk4", 50)]
    public void CoreSamplersOnTheNetworkMatchTheirExactGaussianModel(string sampler, int steps)
    {
        // The exact W2^2 of the Core model of the sampler (oracle network) against the Gaussian fit of what the tensors produced.
        var errors = OracleNetworks.Perturbation(0.3, withDelta: false, seed: 5);
        using var network = OracleNetworks.Network(errors, ScalarType.Float32);
        var plan = SamplerPlan.Create(sampler, steps, OracleNetworks.Timeline);
        var target = DataGaussian.Of(OracleNetworks.Data);
        var problem = plan.Problem(target);
        var timesteps = plan.EvaluationTimesteps(problem);
        var exact = Core.MonteCarlo.ConditionalPropagation.W2Squared(problem, OracleNetworks.Trajectory(errors, timesteps).ToDraw(problem.Target.Eigenvectors), [0])[0];
        using var sampled = NetworkSampling.Sample(network, plan, 4000, seed: 8);
        var values = sampled.Samples.to(ScalarType.Float64).data<double>().ToArray();
        var x = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.Dense(4000, 3, (i, j) => values[i * 3 + j]);
        var measured = GaussianFitW2.Measure(target.Mean, target.Covariance, x, 200, 1);
        Assert.True(measured.Covers(exact), $"{sampler}: exact {exact} not in [{measured.Lower}, {measured.Upper}]");
    }

    [Fact]
    public void StepsBeyondTheScheduleAndOddRk4StridesAreBadInput()
    {
        Assert.Throws<Core.InvalidConfigurationException>(() => SamplerPlan.Create("ddim", 1001, OracleNetworks.Timeline));
        Assert.Throws<Core.InvalidConfigurationException>(() => SamplerPlan.Create("rk4", 200, OracleNetworks.Timeline)); // stride 5
        Assert.Throws<Core.InvalidConfigurationException>(() => SamplerPlan.Create("heun", 1, OracleNetworks.Timeline));
        Assert.Equal(1000, SamplerPlan.Create("ddpm", 1000, OracleNetworks.Timeline).Grid.Steps);
    }
}
