using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.IO;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Settings of the SIEM study (seed 004, §7.2): every checkpoint is evaluated under <paramref name="Seeds"/> evaluation
/// seeds with <paramref name="Samples"/> generated and real samples per metric.
/// </summary>
/// <param name="Samples">Samples per metric and seed (the paper: 10,000).</param>
/// <param name="Seeds">Number of evaluation seeds, <c>BaseSeed .. BaseSeed + Seeds - 1</c> (the paper: 5 runs).</param>
/// <param name="Siem">SIEM settings; the study always covers the full range and reports the first 10% from the same run.</param>
/// <param name="Sinkhorn">W2 settings (Appendix B.4: blur 0.05, scaling 0.9).</param>
/// <param name="Features">Feature network for FID (<see cref="FeatureNetworks"/>).</param>
/// <param name="Ratio">Density-ratio estimator (<see cref="DensityRatioEstimators"/>).</param>
/// <param name="BaseSeed">First evaluation seed.</param>
/// <param name="Subsets">
/// Smaller sample counts at which every metric is computed again from the first n of the same generated and real samples
/// (the first n of n' &gt; n i.i.d. samples are n i.i.d. samples), to show how the correlations move with n at the cost of
/// one sampling run. Sorted ascending, each below <paramref name="Samples"/>; empty for none.
/// </param>
public sealed record StudyOptions(
    int Samples, int Seeds, SiemOptions Siem, SinkhornOptions Sinkhorn, string Features = "auto", string Ratio = "classifier", ulong BaseSeed = 0,
    int[]? Subsets = null)
{
    /// <summary>Fewest samples per metric: the feature Gaussians of FID and the classifier's validation split need some.</summary>
    public const int MinSamples = 8;

    /// <summary>Most samples per metric this CPU build accepts (every reverse step holds them all in memory).</summary>
    public const int MaxSamples = 100_000;

    /// <summary>Most evaluation seeds.</summary>
    public const int MaxSeeds = 100;

    public int[] Subsets { get; init; } = Subsets ?? [];

    /// <summary>Every sample count evaluated, ascending: the subsets, then <see cref="Samples"/>.</summary>
    public IReadOnlyList<int> SampleSizes => [.. Subsets, Samples];

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first invalid setting (engine names: samples, seeds, subsets, ...).</summary>
    public void Validate(int timesteps)
    {
        Guard.InRange("samples", Samples, MinSamples, MaxSamples,
            $"FID and W2 compare the feature Gaussians of at least {MinSamples} generated and real samples per checkpoint, and SIEM's classifier needs a validation split");
        Guard.InRange("seeds", Seeds, 1, MaxSeeds, "each seed is one more evaluation of every checkpoint (the paper: 5)");
        foreach (var n in Subsets)
            Guard.InRange("subsets", n, MinSamples, Samples - 1, "each subset size must lie below the main sample count");
        if (Subsets.Zip(Subsets.Skip(1)).Any(p => p.Second <= p.First))
            throw new InvalidConfigurationException("subsets", $"must be strictly increasing (got {string.Join(",", Subsets)})");
        Siem.Validate(timesteps);
        Sinkhorn.Validate();
        FeatureNetworks.Validate(Features);
        Guard.OneOf("ratio", Ratio, [.. DensityRatioEstimators.Names]);
    }

    /// <summary>
    /// The options that decide one (checkpoint, seed) result, as canonical JSON: everything but the number of seeds and the
    /// first seed, so a study grown by more seeds reuses the evaluations it has.
    /// </summary>
    public string EvaluationKey() => JsonSerializer.Serialize(this with { Seeds = 1, BaseSeed = 0 }, NeuralJson.Options);

    /// <summary>A short content key for one evaluation: SHA-256 of the checkpoint's hash, the seed and <see cref="EvaluationKey"/>.</summary>
    public string CacheKey(string checkpointSha256, ulong seed) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{checkpointSha256}\n{seed}\n{EvaluationKey()}")))[..16];
}
