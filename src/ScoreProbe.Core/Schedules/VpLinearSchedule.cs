namespace ScoreProbe.Core.Schedules;

/// <summary>VP SDE with linear <c>beta(t) = beta_min + t (beta_max - beta_min)</c> on [0, 1] (Song et al. 2021; defaults 0.1 and 20).</summary>
public sealed class VpLinearSchedule(double betaMin = 0.1, double betaMax = 20.0) : VariancePreservingSchedule
{
    public double BetaMin { get; } = betaMin > 0 && betaMax > betaMin
        ? betaMin
        : throw new InvalidConfigurationException($"vp-linear needs 0 < beta_min < beta_max (got {betaMin}, {betaMax})");
    public double BetaMax { get; } = betaMax;

    public override string Name => "vp-linear";
    public override double Beta(double t) => BetaMin + t * (BetaMax - BetaMin);
    public override double BetaDerivative(double t) => BetaMax - BetaMin;
    public override double LogAlphaBar(double t) => -(BetaMin * t + 0.5 * (BetaMax - BetaMin) * t * t);
}
