namespace ScoreProbe.Core.Kernel;

/// <summary>
/// The non-centred expansion at grid index K (time T) for errors with a mean (a network's systematic error) and a fluctuation
/// around it (training randomness): <c>E W2^2 = F* + &lt;grad F*, E y1&gt; + 1/2 E&lt;y1, Hess F y1&gt; + &lt;grad F*, E y2&gt; + O(eps^3)</c>, with
/// <c>F* = E0 + EDisc</c>. Because every term is linear in the second moment <c>mean mean^T + covariance</c>, it splits into
/// the mean's own expansion (<see cref="Systematic"/>) and the centred kernel of the fluctuation (<see cref="Fluctuation"/>),
/// whose cross terms vanish in expectation.
/// </summary>
/// <param name="K">Grid index k.</param>
/// <param name="T">t_k.</param>
/// <param name="E0">Truncation term (continuous reverse process from the proxy prior).</param>
/// <param name="EDisc">Exact discretisation error of the exact-score sampler.</param>
/// <param name="SystematicFirst"><c>&lt;grad F*, y1(mean)&gt;</c>: first order, absent from the centred theory.</param>
/// <param name="Systematic">Second-order terms of the mean direction.</param>
/// <param name="Fluctuation">The centred kernel Q of the covariance (Theorem 5.1 terms plus the complete correction).</param>
public sealed record NonCentredKernelRow(int K, double T, double E0, double EDisc, double SystematicFirst, KernelTerms Systematic, KernelTerms Fluctuation)
{
    /// <summary>Everything the mean contributes: <c>SystematicFirst + Systematic.Complete</c>.</summary>
    public double SystematicTotal => SystematicFirst + Systematic.Complete;

    /// <summary><c>E0 + EDisc + SystematicTotal + Fluctuation.Complete</c>.</summary>
    public double Predicted => E0 + EDisc + SystematicTotal + Fluctuation.Complete;
}
