namespace ScoreProbe.Core.Kernel;

/// <summary>
/// The score-error contributions to <c>E W2^2</c> at one step k, all linear in the error covariance.
/// The paper's kernel (Theorem 5.1) is the curvature term <c>1/2 E&lt;(dm, dSigma), Hess F (dm, dSigma)&gt;</c> of the first-order
/// perturbations, split as eq. (33)–(35); the complete second-order kernel (DESIGN.md) adds
/// <c>&lt;grad F*, E[second-order part of (m, Sigma)]&gt;</c>.
/// </summary>
public readonly record struct KernelTerms(
    double Shift,
    double MatrixMean,
    double MatrixCovariance,
    double Cross,
    double MeanCorrection,
    double CovarianceCorrection)
{
    /// <summary>Paper kernel Q^delta + Q^Delta + Q^{Delta delta}.</summary>
    public double Paper => Shift + MatrixMean + MatrixCovariance + Cross;

    /// <summary>Complete second-order kernel.</summary>
    public double Complete => Paper + MeanCorrection + CovarianceCorrection;

    public static KernelTerms operator +(KernelTerms l, KernelTerms r) => new(
        l.Shift + r.Shift, l.MatrixMean + r.MatrixMean, l.MatrixCovariance + r.MatrixCovariance, l.Cross + r.Cross,
        l.MeanCorrection + r.MeanCorrection, l.CovarianceCorrection + r.CovarianceCorrection);
}
