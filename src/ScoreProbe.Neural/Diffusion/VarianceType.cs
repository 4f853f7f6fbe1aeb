namespace ScoreProbe.Neural.Diffusion;

/// <summary>The DDPM step's noise variance (diffusers' <c>variance_type</c>) that ScoreProbe implements.</summary>
public enum VarianceType
{
    /// <summary>The posterior variance <c>(1 - abar') / (1 - abar) beta_t</c>, clamped at 1e-20 (DDPM's sigma^2 = beta tilde).</summary>
    FixedSmall,
    /// <summary>The same variance through <c>exp(log(v) / 2)</c> as the standard deviation.</summary>
    FixedSmallLog,
    /// <summary><c>beta_t = 1 - abar / abar'</c> (DDPM's sigma^2 = beta).</summary>
    FixedLarge,
}
