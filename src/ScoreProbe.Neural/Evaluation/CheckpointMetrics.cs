namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Every metric of one checkpoint under one evaluation seed (seed 004, §7.2 and Table 2), with what each cost.
/// </summary>
/// <param name="Run">Run folder name.</param>
/// <param name="Step">Training iterations of the checkpoint.</param>
/// <param name="Seed">Evaluation seed.</param>
/// <param name="SiemFull">SIEM over timesteps 999..0 (eq. (14)).</param>
/// <param name="MuFull"><c>||mu_t||_2</c> over 999..0.</param>
/// <param name="SiemFirst">SIEM over timesteps 999..900.</param>
/// <param name="MuFirst"><c>||mu_t||_2</c> over 999..900.</param>
/// <param name="Fid">Squared Fréchet distance of the feature Gaussians.</param>
/// <param name="W2">Sinkhorn W2 between flattened samples, <c>sqrt(2 S_eps)</c>.</param>
/// <param name="Costs">Seconds per metric.</param>
public sealed record CheckpointMetrics(
    string Run, int Step, ulong Seed, double SiemFull, double MuFull, double SiemFirst, double MuFirst, double Fid, double W2, MetricCosts Costs);

/// <summary>
/// Wall time per metric, each including the sampling it needs: FID and W2 the full reverse process, SIEM (full) the full
/// process plus its steps' ratio fits and expectations, SIEM (first 10%) the first tenth of the reverse steps (the share
/// of the full sampling time, steps cost alike) plus its own steps.
/// </summary>
public sealed record MetricCosts(double SamplingSeconds, double SiemFullSeconds, double SiemFirstSeconds, double FidSeconds, double W2Seconds);
