using ScoreProbe.Core.Estimation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// One network after probing: its systematic affine error and fitting noise at the probed timesteps
/// (<see cref="SystematicErrorEstimate"/>) and the affine fit quality R^2 per timestep. The residuals themselves are dropped.
/// </summary>
public sealed record ProbedNetwork(string Name, NoisePredictor Network, IReadOnlyList<int> Timesteps, SystematicErrorEstimate Estimate, IReadOnlyList<double> RSquared)
{
    /// <summary>Probes <paramref name="network"/> at <paramref name="timesteps"/> and fits the affine error per repetition and time (ridge 0, full Delta).</summary>
    public static ProbedNetwork Probe(string name, NoisePredictor network, IDataset data, NetworkTimeline timeline, IReadOnlyList<int> timesteps, ResidualProbeOptions options) =>
        FromResiduals(name, network, timesteps, ResidualProbe.Run(network, data, timeline, timesteps, options));

    /// <summary>
    /// Probes several networks on the same pairs, one after the other (TorchSharp's scalar arguments are not safe to create from
    /// several threads at once). <paramref name="done"/> is called with the count finished.
    /// </summary>
    public static ProbedNetwork[] ProbeAll(IReadOnlyList<(string Name, NoisePredictor Network)> networks, IDataset data, NetworkTimeline timeline,
        IReadOnlyList<int> timesteps, ResidualProbeOptions options, Action<int>? done = null) =>
        networks.Select((n, i) =>
        {
            var probed = Probe(n.Name, n.Network, data, timeline, timesteps, options);
            done?.Invoke(i + 1);
            return probed;
        }).ToArray();

    public static ProbedNetwork FromResiduals(string name, NoisePredictor network, IReadOnlyList<int> timesteps, ResidualSet residuals)
    {
        var samples = CoefficientSamples.Fit(residuals, ridge: 0, diagonalDelta: false);
        return new ProbedNetwork(name, network, timesteps.ToArray(), new SystematicErrorEstimate(samples), AffineFitQuality.RSquared(residuals, samples));
    }

    /// <summary>For each of <paramref name="timesteps"/>, its index among the probed ones.</summary>
    public int[] IndexOf(IReadOnlyList<int> timesteps)
    {
        var index = Timesteps.Select((t, a) => (t, a)).ToDictionary(x => x.t, x => x.a);
        return timesteps.Select(t => index.TryGetValue(t, out var a) ? a : throw new ArgumentException($"timestep {t} was not probed")).ToArray();
    }
}
