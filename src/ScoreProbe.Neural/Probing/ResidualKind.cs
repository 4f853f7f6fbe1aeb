namespace ScoreProbe.Neural.Probing;

/// <summary>Which score residual the probe records (paper 000 §7, "observable residuals on a common probability space").</summary>
public enum ResidualKind
{
    /// <summary>
    /// <c>R = s_hat(x_t) - grad log p_t(x_t)</c> against the exact score of Gaussian data: the network's error itself.
    /// </summary>
    ExactScore,

    /// <summary>
    /// <c>R = -(eps_hat(x_t) - eps) / b_t</c> for the noise eps that made <c>x_t = a_t x0 + b_t eps</c>: available for any data. Since
    /// <c>E[eps | x_t] = -b_t grad log p_t(x_t)</c>, it is the exact-score residual plus <c>(eps - E[eps | x_t]) / b_t</c>, a term with
    /// conditional mean zero whose affine projection under p_t vanishes: the affine fit targets the same (Delta, delta), at the price of
    /// fitting noise of variance about <c>(1 - b_t^2 / Sigma_t) / (B b_t^2)</c> per coordinate.
    /// </summary>
    Observable,
}
