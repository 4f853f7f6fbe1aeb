using ScoreProbe.Core.Estimation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// Paper 000 §9: <c>Cov(e_s(x), e_s'(x')) ~ E[J_s(x) Cov(theta) J_s'(x')^T]</c> with <c>J_s = d e_s / d theta</c> at one network's
/// parameters. A parameter covariance estimated from L networks of one architecture (late checkpoints of a run) is
/// <c>Cov(theta) = U U^T</c> with columns <c>u_l = (theta_l - theta_bar)/sqrt(L)</c> (plug-in, as <see cref="EnsembleErrorEstimate"/>); the
/// directional derivative <c>J_s(x) u_l</c> of the score is a residual field whose affine projection is <c>G_s u_l</c>, the derivative
/// of the coefficients (the fit is linear in the residual). So <c>Cov(z_s, z_s') ~ sum_l (G_s u_l)(G_s' u_l)^T</c>: one error trajectory
/// per parameter direction. <c>J u</c> comes from TorchSharp autograd, forward-over-reverse: with a dummy cotangent v,
/// <c>g(v) = J^T v</c> is built with <c>create_graph</c>, and <c>J u = d &lt;g(v), u&gt; / dv</c>.
/// </summary>
public static class ParameterJacobian
{
    /// <summary>All trainable parameters, flattened in module order, in double.</summary>
    public static double[] Parameters(NoisePredictor network) =>
        network.parameters().SelectMany(p => p.detach().to(ScalarType.Float64).flatten().data<double>().ToArray()).ToArray();

    /// <summary>The columns <c>u_l = (theta_l - theta_bar)/sqrt(L)</c> of a factor of the plug-in parameter covariance of the networks.</summary>
    public static IReadOnlyList<double[]> Directions(IReadOnlyList<NoisePredictor> networks)
    {
        if (networks.Count < 2) throw new ArgumentException("a parameter covariance needs at least two networks");
        var thetas = networks.Select(Parameters).ToArray();
        if (thetas.Any(t => t.Length != thetas[0].Length)) throw new ArgumentException("networks differ in their number of parameters");
        var mean = Enumerable.Range(0, thetas[0].Length).Select(i => thetas.Average(t => t[i])).ToArray();
        var scale = 1 / Math.Sqrt(networks.Count);
        return thetas.Select(t => t.Select((v, i) => scale * (v - mean[i])).ToArray()).ToArray();
    }

    /// <summary><c>J u = d/dtau eps_hat(x, t; theta + tau u)</c> at tau = 0, <c>[n, d]</c> in the network's precision.</summary>
    public static Tensor DirectionalDerivative(NoisePredictor network, Tensor x, Tensor t, double[] direction)
    {
        var parameters = network.parameters().ToArray();
        using var scope = NewDisposeScope();
        using var enabled = enable_grad();
        var pieces = Split(direction, parameters);
        var output = network.forward(x, t);
        var cotangent = zeros_like(output).requires_grad_(true);
        var vjp = autograd.grad([output], parameters, [cotangent], create_graph: true);
        var inner = vjp.Zip(pieces, (g, u) => (g * u).sum()).Aggregate((l, r) => l + r);
        return autograd.grad([inner], [cotangent])[0].detach().MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The directional derivative of the network's score residual as a residual set per direction, on the probe's common
    /// probability space (the same pairs as <see cref="ResidualProbe"/> with the same options).
    /// </summary>
    public static IReadOnlyList<ResidualSet> Probe(NoisePredictor network, IReadOnlyList<double[]> directions, IDataset data, NetworkTimeline timeline,
        IReadOnlyList<int> timesteps, ResidualProbeOptions options)
    {
        network.eval();
        return directions.Select(u => ResidualProbe.Run(data, timeline, timesteps, options,
            (states, t, _) => DirectionalDerivative(network, states.to(options.Precision), t, u).to(ScalarType.Float64))).ToArray();
    }

    private static Tensor[] Split(double[] direction, Tensor[] parameters)
    {
        var total = parameters.Sum(p => p.numel());
        if (direction.Length != total) throw new ArgumentException($"a direction needs {total} entries, one per parameter (got {direction.Length})");
        var pieces = new Tensor[parameters.Length];
        var offset = 0L;
        for (var i = 0; i < parameters.Length; i++)
        {
            var n = parameters[i].numel();
            pieces[i] = tensor(direction[(int)offset..(int)(offset + n)], ScalarType.Float64).reshape(parameters[i].shape).to(parameters[i].dtype);
            offset += n;
        }
        return pieces;
    }
}
