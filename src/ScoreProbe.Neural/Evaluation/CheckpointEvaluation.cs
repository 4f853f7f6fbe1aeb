namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// What one evaluation of one checkpoint under one seed measured (seed 004, §7.2), kept in the study's cache: the xi series
/// of SIEM and FID and W2 at every sample count, with what each cost. SIEM and <c>||mu_t||</c> are derived from the xi
/// series (<see cref="Metrics"/>), so the cache holds the measurement and the statistic can be recomputed from it.
/// </summary>
/// <param name="Run">Run folder name.</param>
/// <param name="Data">The data spec the run was trained on (<c>mnist16</c>, <c>emoji</c>, ...).</param>
/// <param name="Step">Training iterations of the checkpoint.</param>
/// <param name="Seed">Evaluation seed.</param>
/// <param name="CheckpointSha256">SHA-256 of the checkpoint file that was evaluated.</param>
/// <param name="Sizes">One entry per sample count, ascending (<see cref="StudyOptions.SampleSizes"/>).</param>
/// <param name="Costs">Seconds per metric at the largest sample count.</param>
public sealed record CheckpointEvaluation(
    string Run, string Data, int Step, ulong Seed, string CheckpointSha256, IReadOnlyList<SampleSizeEvaluation> Sizes, MetricCosts Costs)
{
    /// <summary>SIEM (both ranges), <c>||mu_t||</c>, FID and W2 at every sample count.</summary>
    /// <param name="siem">The SIEM settings the xi series were evaluated with.</param>
    /// <param name="timesteps">T, the number of training timesteps.</param>
    public IReadOnlyList<CheckpointMetrics> Metrics(SiemOptions siem, int timesteps) => Sizes.Select(size =>
    {
        var full = StudySiem.Summarise(siem, timesteps, size.Points, SiemRange.Full);
        var first = StudySiem.Summarise(siem, timesteps, size.Points, SiemRange.First10);
        return new CheckpointMetrics(Run, Data, Step, Seed, size.Samples, full.Siem, full.MuNorm, first.Siem, first.MuNorm, size.Fid, size.W2);
    }).ToList();
}

/// <summary>The measurements at one sample count.</summary>
/// <param name="Samples">Generated and real samples used (n).</param>
/// <param name="Points">xi at every evaluated SIEM timestep, with the density-ratio diagnostics.</param>
/// <param name="Fid">Squared Fréchet distance of the feature Gaussians.</param>
/// <param name="W2">Sinkhorn W2 between flattened samples, <c>sqrt(2 S_eps)</c>.</param>
public sealed record SampleSizeEvaluation(int Samples, IReadOnlyList<SiemPoint> Points, double Fid, double W2);

/// <summary>
/// Every metric of one checkpoint under one evaluation seed at one sample count (Table 2's four metrics, both ranges).
/// </summary>
/// <param name="Run">Run folder name.</param>
/// <param name="Data">The data spec the run was trained on.</param>
/// <param name="Step">Training iterations of the checkpoint.</param>
/// <param name="Seed">Evaluation seed.</param>
/// <param name="Samples">n.</param>
/// <param name="SiemFull">SIEM over timesteps 999..0 (eq. (14)).</param>
/// <param name="MuFull"><c>||mu_t||_2</c> over 999..0.</param>
/// <param name="SiemFirst">SIEM over timesteps 999..900.</param>
/// <param name="MuFirst"><c>||mu_t||_2</c> over 999..900.</param>
/// <param name="Fid">Squared Fréchet distance of the feature Gaussians.</param>
/// <param name="W2">Sinkhorn W2 between flattened samples.</param>
public sealed record CheckpointMetrics(
    string Run, string Data, int Step, ulong Seed, int Samples, double SiemFull, double MuFull, double SiemFirst, double MuFirst, double Fid, double W2);

/// <summary>
/// Wall time per metric at the largest sample count, each including the sampling it needs: FID and W2 the full reverse
/// process, SIEM (full) the full process plus its steps' ratio fits and expectations, SIEM (first 10%) the first tenth of
/// the reverse steps (the share of the full sampling time, steps cost alike) plus its own steps.
/// </summary>
public sealed record MetricCosts(double SamplingSeconds, double SiemFullSeconds, double SiemFirstSeconds, double FidSeconds, double W2Seconds);
