namespace ScoreProbe.Core.Spde;

/// <summary>
/// KL(u_t || v_t) over noise realisations at the record times: mean, median and the 5%–95% quantile band (the bounded
/// error funnel of paper 004 Figure 1), the eq. (10) fit to the mean curve over t &gt;= FitFrom, and solver diagnostics.
/// </summary>
public sealed record SpdeEnsembleResult(
    double[] Times,
    double[] MeanKl,
    double[] MedianKl,
    double[] LowerKl,
    double[] UpperKl,
    double[] FinalKl,
    EnergyBalanceFit? Fit,
    double FitFrom,
    double MaxMassError,
    double MinDensity,
    int StepsPerRealisation,
    int LimitedSteps,
    double HalfWidth,
    double Spacing)
{
    public const double LowerQuantile = 0.05;
    public const double UpperQuantile = 0.95;
}
