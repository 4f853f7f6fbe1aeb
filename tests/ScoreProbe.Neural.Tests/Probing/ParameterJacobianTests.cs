using TorchSharp;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Probing;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Probing;

/// <summary>
/// §9's route to the time-time covariance: parameter covariance pushed through autograd Jacobians. Checked against finite
/// differences, and against the direct across-network covariance when the networks differ by small parameter perturbations.
/// </summary>
public class ParameterJacobianTests
{
    private static NoisePredictor Mlp(int seed)
    {
        var network = new MlpConfig(3, Width: 16, Depth: 2, TimeEmbeddingDimension: 16).Build(seed);
        network.to(ScalarType.Float64);
        network.eval();
        return network;
    }

    /// <summary>A copy of <paramref name="source"/> with <c>theta + scale * direction</c>.</summary>
    private static NoisePredictor Shifted(NoisePredictor source, double[] direction, double scale)
    {
        var copy = source.Config.Build();
        copy.to(ScalarType.Float64);
        copy.load_state_dict(source.state_dict());
        using (no_grad())
        {
            var offset = 0;
            foreach (var p in copy.parameters())
            {
                var n = (int)p.numel();
                using var step = tensor(direction[offset..(offset + n)], ScalarType.Float64).reshape(p.shape);
                p.add_(step * scale);
                offset += n;
            }
        }
        copy.eval();
        return copy;
    }

    [Fact]
    public void AutogradDirectionalDerivativeEqualsCentralFiniteDifferences()
    {
        using var network = Mlp(1);
        var rng = new Random(2);
        var u = ParameterJacobian.Parameters(network).Select(_ => ScoreProbe.Core.ErrorModels.Gaussian.Next(rng)).ToArray();
        using var x = randn([32, 3], ScalarType.Float64, generator: new Generator(3));
        using var t = tensor(Enumerable.Range(0, 32).Select(i => (long)(i * 31)).ToArray());
        using var jvp = ParameterJacobian.DirectionalDerivative(network, x, t, u);
        const double h = 1e-5;
        using var plus = Shifted(network, u, h);
        using var minus = Shifted(network, u, -h);
        using var fd = (plus.forward(x, t) - minus.forward(x, t)) / (2 * h);
        var scale = fd.abs().max().item<double>();
        var gap = (jvp - fd).abs().max().item<double>();
        Assert.True(scale > 1e-3, "the direction must move the output");
        Assert.True(gap < 1e-7 * Math.Max(scale, 1), $"max |autograd - finite differences| = {gap} (scale {scale})");
    }

    [Fact]
    public void JacobianRouteCovarianceMatchesTheDirectCovarianceOfSlightlyPerturbedNetworks()
    {
        // theta_l = theta + sigma xi_l: the direct route probes each network; the §9 route linearises at theta. At small sigma they agree.
        using var centre = Mlp(4);
        var data = OracleNetworks.Data;
        var timeline = OracleNetworks.Timeline;
        var plan = SamplerPlan.Create("ddim", 10, timeline);
        var problem = plan.Problem(DataGaussian.Of(data));
        var timesteps = plan.EvaluationTimesteps(problem);
        var options = new ResidualProbeOptions(2, 64, 3, ResidualKind.ExactScore, ScalarType.Float64);
        var rng = new Random(5);
        var count = ParameterJacobian.Parameters(centre).Length;
        var networks = Enumerable.Range(0, 6).Select(_ => Shifted(centre, Enumerable.Range(0, count).Select(_ => Gaussian(rng)).ToArray(), 1e-3)).ToArray();
        try
        {
            var order = Enumerable.Range(0, timesteps.Length).ToArray();
            var direct = new EnsembleErrorEstimate(networks.Select(n => ProbedNetwork.Probe("m", n, data, timeline, timesteps, options).Estimate).ToArray()).Fluctuation(order)!;
            var directions = ParameterJacobian.Directions(networks);
            var jacobian = ParameterJacobian.Probe(centre, directions, data, timeline, timesteps, options)
                .Select(set => new SystematicErrorEstimate(CoefficientSamples.Fit(set, 0, false)).Mean).ToArray();
            var linearised = CoefficientVectors.ToErrorModel("jacobian", jacobian, 1, 3, false, order);
            var qDirect = DirectionalKernelEngine.Compute(problem, direct, [0])[0].Complete;
            var qJacobian = DirectionalKernelEngine.Compute(problem, linearised, [0])[0].Complete;
            Assert.True(qDirect > 0);
            Assert.Equal(qDirect, qJacobian, 0.02 * qDirect);
        }
        finally
        {
            foreach (var n in networks) n.Dispose();
        }
    }

    private static double Gaussian(Random rng) => ScoreProbe.Core.ErrorModels.Gaussian.Next(rng);
}
