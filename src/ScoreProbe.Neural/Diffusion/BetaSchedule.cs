namespace ScoreProbe.Neural.Diffusion;

/// <summary>The <c>beta_schedule</c> options of diffusers' schedulers that ScoreProbe implements.</summary>
public enum BetaSchedule
{
    /// <summary><c>beta_i = beta_start + (beta_end - beta_start) i / (T - 1)</c>, diffusers' default (1e-4 .. 0.02).</summary>
    Linear,
    /// <summary>
    /// Nichol and Dhariwal's cosine schedule: <c>alphabar(s) = cos^2((s + 0.008)/1.008 * pi/2)</c>,
    /// <c>beta_i = min(1 - alphabar((i+1)/T) / alphabar(i/T), 0.999)</c>.
    /// </summary>
    SquaredCosCapV2,
}
