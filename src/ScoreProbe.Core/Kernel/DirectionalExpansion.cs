namespace ScoreProbe.Core.Kernel;

/// <summary>
/// <c>F(eps w) = F* + eps First + eps^2 Second.Complete + O(eps^3)</c> for one deterministic error direction w at one step k, with
/// <c>F = W2^2(ref, q_k)</c>: <see cref="First"/> is <c>&lt;grad F*, y1(w)&gt;</c> and <see cref="Second"/> splits
/// <c>1/2 &lt;y1, Hess F y1&gt; + &lt;grad F*, y2&gt;</c> as <see cref="KernelTerms"/> does (y1, y2: first- and second-order moment responses).
/// </summary>
public readonly record struct DirectionalExpansion(double First, KernelTerms Second)
{
    /// <summary><c>First + Second.Complete</c>: the whole score-error contribution of w to second order.</summary>
    public double Total => First + Second.Complete;
}
