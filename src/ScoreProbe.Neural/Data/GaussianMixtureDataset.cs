using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>Samples of the mixture <c>sum_k w_k N(mu_k, C_k)</c>: a component index from the weights, then that Gaussian.</summary>
public sealed class GaussianMixtureDataset : IDataset
{
    private readonly float[] _weights;

    public GaussianMixtureDataset(IReadOnlyList<double> weights, IReadOnlyList<GaussianDataset> components, string? name = null)
    {
        if (weights.Count != components.Count || components.Count == 0)
            throw new InvalidConfigurationException("weights", $"must hold one weight per component, at least one (got {weights.Count} weights, {components.Count} components)");
        if (weights.Any(w => !(double.IsFinite(w) && w > 0)))
            throw new InvalidConfigurationException("weights", $"must be finite and positive (got {string.Join(", ", weights.Select(Guard.Show))})");
        if (components.Select(c => c.SampleShape[0]).Distinct().Count() != 1)
            throw new InvalidConfigurationException("components", "must share one dimension");
        Components = components;
        Weights = weights.Select(w => w / weights.Sum()).ToArray();
        _weights = Weights.Select(w => (float)w).ToArray();
        Name = name ?? $"gmm{components.Count}x{components[0].SampleShape[0]}";
    }

    /// <summary>Normalised component weights.</summary>
    public IReadOnlyList<double> Weights { get; }

    public IReadOnlyList<GaussianDataset> Components { get; }

    public string Name { get; }

    public long[] SampleShape => Components[0].SampleShape;

    public Tensor Sample(int batchSize, Generator generator)
    {
        NativeLoader.EnsureLoaded();
        using var scope = NewDisposeScope();
        var choice = multinomial(tensor(_weights), batchSize, replacement: true, generator: generator);
        // Every component draws a full batch so the generator is consumed identically whatever the choices are.
        var draws = stack(Components.Select(c => c.Sample(batchSize, generator)).ToArray());
        var index = choice.view(1, batchSize, 1).expand(1, batchSize, SampleShape[0]);
        return draws.gather(0, index).squeeze(0).MoveToOuterDisposeScope();
    }
}
