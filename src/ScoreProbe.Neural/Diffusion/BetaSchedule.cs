namespace ScoreProbe.Neural.Diffusion;

/// <summary>The <c>beta_schedule</c> options of diffusers' DDPM/DDIM schedulers (plus explicit betas).</summary>
public enum BetaSchedule
{
    /// <summary><c>beta_i = beta_start + (beta_end - beta_start) i / (T - 1)</c>, diffusers' default (1e-4 .. 0.02).</summary>
    Linear,
    /// <summary>
    /// Nichol and Dhariwal's cosine schedule: <c>alphabar(s) = cos^2((s + 0.008)/1.008 * pi/2)</c>,
    /// <c>beta_i = min(1 - alphabar((i+1)/T) / alphabar(i/T), 0.999)</c>.
    /// </summary>
    SquaredCosCapV2,
    /// <summary><c>beta_i = (sqrt(beta_start) + (sqrt(beta_end) - sqrt(beta_start)) i / (T - 1))^2</c> (latent diffusion).</summary>
    ScaledLinear,
    /// <summary><c>beta_i = sigmoid(-6 + 12 i / (T - 1)) (beta_end - beta_start) + beta_start</c>.</summary>
    Sigmoid,
    /// <summary>The betas listed in the scheduler config (<c>trained_betas</c>).</summary>
    Trained,
}
