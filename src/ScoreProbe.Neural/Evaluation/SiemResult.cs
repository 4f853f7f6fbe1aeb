using ScoreProbe.Neural.Diffusion;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>xi at one evaluated timestep with the density-ratio diagnostics.</summary>
/// <param name="Timestep">diffusers timestep t (reverse index T - 1 - t).</param>
/// <param name="Xi">eq. (15) at t.</param>
/// <param name="MeanRatio">Mean clamped ratio <c>u_t/v_t</c> over the noised data (1 when u_t = v_t).</param>
/// <param name="ClampedFraction">Share of ratios that hit the clamp.</param>
/// <param name="ValidationLoss">Held-out BCE of the classifier (log 2 = 0.693 means it cannot tell u from v); null for exact ratios.</param>
/// <param name="RatioSeconds">Time to fit the density ratio at this step.</param>
/// <param name="Seconds">Time for this step in all (ratio and expectation).</param>
public sealed record SiemPoint(int Timestep, double Xi, double MeanRatio, double ClampedFraction, double? ValidationLoss, double RatioSeconds, double Seconds);

/// <summary>States of one reverse run kept for SIEM, with the time the sampling took.</summary>
/// <param name="Run">Final samples and the captured states.</param>
/// <param name="Seconds">Wall time of the sampling.</param>
public sealed record SiemTrajectory(SampleResult Run, double Seconds) : IDisposable
{
    public void Dispose() => Run.Dispose();
}

/// <summary>Outcome of a SIEM evaluation (<see cref="SiemEvaluator"/>).</summary>
/// <param name="Points">Every evaluated timestep, in sampling order.</param>
/// <param name="Full">SIEM over all timesteps (null for <see cref="SiemRange.First10"/>).</param>
/// <param name="First10">SIEM over timesteps 999..900.</param>
/// <param name="SamplingSeconds">Time spent running the reverse process (to step 0, or to 900 for the first 10%).</param>
public sealed record SiemResult(IReadOnlyList<SiemPoint> Points, SiemSummary? Full, SiemSummary First10, double SamplingSeconds)
{
    /// <summary>Sampling plus every step's ratio fit and expectation.</summary>
    public double TotalSeconds => SamplingSeconds + Points.Sum(p => p.Seconds);

    /// <summary>Seconds spent on the steps of <paramref name="timesteps"/> (without sampling).</summary>
    public double StepSeconds(IEnumerable<int> timesteps)
    {
        var wanted = timesteps.ToHashSet();
        return Points.Where(p => wanted.Contains(p.Timestep)).Sum(p => p.Seconds);
    }
}
