namespace ScoreProbe.Core.Propagation;

/// <summary>What the sampler output at step k is compared with.</summary>
public enum WassersteinReference
{
    /// <summary><c>p_data = N(mu, C)</c> at every k, as in Theorem 5.1.</summary>
    Data,

    /// <summary>The forward marginal <c>p_{t_k}</c>: isolates the sampler's error at intermediate times.</summary>
    Marginal,
}
