using ScoreProbe.Core;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>Parses <c>--ratio</c>: <c>classifier</c> (Appendix B) or <c>exact</c> (Gaussian data only).</summary>
public static class DensityRatioEstimators
{
    public static IReadOnlyList<string> Names { get; } = ["classifier", "exact"];

    /// <summary>Throws <see cref="InvalidConfigurationException"/> (parameter <c>ratio</c>) for an unknown name, or <c>exact</c> with non-Gaussian data.</summary>
    public static IDensityRatioEstimator Open(string name, IDataset data, NoiseSchedule schedule) => name switch
    {
        "classifier" => new ClassifierRatioEstimator(),
        "exact" when data is GaussianDataset gaussian => new GaussianRatioEstimator(gaussian, schedule),
        "exact" => throw new InvalidConfigurationException("ratio", $"exact needs Gaussian data (gaussian[:d]); this model's data is '{data.Name}'; use classifier"),
        _ => throw new InvalidConfigurationException("ratio", $"must be one of {string.Join(", ", Names)} (got '{name}')"),
    };
}
