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
public sealed record StudyOptions(
    int Samples, int Seeds, SiemOptions Siem, SinkhornOptions Sinkhorn, string Features = "auto", string Ratio = "classifier", ulong BaseSeed = 0)
{
    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate(int timesteps)
    {
        if (Samples < 8) throw new ArgumentException($"samples must be >= 8 (got {Samples})");
        if (Seeds < 1) throw new ArgumentException($"seeds must be >= 1 (got {Seeds})");
        Siem.Validate(timesteps);
        Sinkhorn.Validate();
        FeatureNetworks.Validate(Features);
        if (!DensityRatioEstimators.Names.Contains(Ratio)) throw new ArgumentException($"unknown ratio '{Ratio}'; use one of {string.Join(", ", DensityRatioEstimators.Names)}");
    }
}
