namespace ScoreProbe.Core.Spde;

/// <summary>One noise realisation: KL(u_t || v_t) at the record times, diagnostics, and the final density.</summary>
/// <param name="Kl">KL at each record time.</param>
/// <param name="MaxMassError">max over record times of |sum u |cell| - 1|.</param>
/// <param name="MinDensity">Smallest cell value seen at any record time.</param>
/// <param name="Steps">Time steps taken.</param>
/// <param name="LimitedSteps">Steps in which the positivity limiter had to scale a cell's outflow.</param>
/// <param name="FinalDensity">u_T per cell (flat grid index).</param>
public sealed record SpdeRealisation(double[] Kl, double MaxMassError, double MinDensity, int Steps, int LimitedSteps, double[] FinalDensity);
