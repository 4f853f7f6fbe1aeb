namespace ScoreProbe.Core.Kernel;

/// <summary>
/// The decomposition of Theorem 5.1 at grid index K (time T): <c>E W2^2 = E0 + Edisc + Q</c> with
/// E0 the continuous reverse process from the proxy prior, Edisc the exact discretisation error of the exact-score sampler,
/// Q the kernel term. <see cref="QDiagonal"/> is the complete kernel contracted with the diagonal-in-time covariance only.
/// </summary>
public sealed record KernelRow(int K, double T, double E0, double EDisc, KernelTerms Terms, double QDiagonal)
{
    /// <summary><c>E0 + Edisc + Q_complete</c>.</summary>
    public double Predicted => E0 + EDisc + Terms.Complete;

    /// <summary><c>E0 + Edisc + Q_paper</c>.</summary>
    public double PredictedPaper => E0 + EDisc + Terms.Paper;
}
