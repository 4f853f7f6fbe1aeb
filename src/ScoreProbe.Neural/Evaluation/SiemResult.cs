namespace ScoreProbe.Neural.Evaluation;

/// <summary>xi at one evaluated timestep with the density-ratio diagnostics.</summary>
/// <param name="Timestep">diffusers timestep t (reverse index T - 1 - t).</param>
/// <param name="Xi">eq. (15) at t.</param>
/// <param name="MeanRatio">Mean clamped ratio <c>u_t/v_t</c> over the noised data (1 when u_t = v_t).</param>
/// <param name="ClampedFraction">Share of ratios that hit the clamp.</param>
/// <param name="ValidationLoss">Held-out BCE of the classifier (log 2 = 0.693 means it cannot tell u from v); null for exact ratios.</param>
public sealed record SiemPoint(int Timestep, double Xi, double MeanRatio, double ClampedFraction, double? ValidationLoss);

/// <summary>Outcome of <see cref="SiemEvaluator.Evaluate"/>.</summary>
/// <param name="Points">Every evaluated timestep, in sampling order.</param>
/// <param name="Full">SIEM over all timesteps (null for <see cref="SiemRange.First10"/>).</param>
/// <param name="First10">SIEM over timesteps 999..900.</param>
/// <param name="SamplingSeconds">Time spent running the reverse process (to step 0, or to 900 for the first 10%).</param>
/// <param name="RatioSeconds">Time spent fitting density ratios.</param>
/// <param name="XiSeconds">Time spent on the expectations of eq. (15).</param>
public sealed record SiemResult(
    IReadOnlyList<SiemPoint> Points, SiemSummary? Full, SiemSummary First10, double SamplingSeconds, double RatioSeconds, double XiSeconds)
{
    public double TotalSeconds => SamplingSeconds + RatioSeconds + XiSeconds;
}
