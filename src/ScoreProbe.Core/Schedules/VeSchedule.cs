namespace ScoreProbe.Core.Schedules;

/// <summary>
/// Variance-exploding SDE (Song et al. 2021): <c>sigma(t) = sigma_min (sigma_max/sigma_min)^t</c>, beta = 0, a = 1,
/// <c>g^2 = d sigma^2/dt = 2 sigma^2 log(sigma_max/sigma_min)</c>, <c>b2(t) = sigma(t)^2 - sigma_min^2</c>; proxy prior N(0, sigma_max^2 I).
/// </summary>
public sealed class VeSchedule : IDiffusionSchedule
{
    public VeSchedule(double sigmaMin = 0.01, double sigmaMax = 50.0)
    {
        if (!(sigmaMin > 0 && sigmaMax > sigmaMin))
            throw new InvalidConfigurationException($"ve needs 0 < sigma_min < sigma_max (got {sigmaMin}, {sigmaMax})");
        SigmaMin = sigmaMin;
        SigmaMax = sigmaMax;
    }

    public double SigmaMin { get; }
    public double SigmaMax { get; }
    public string Name => "ve";
    public double Horizon => 1.0;
    public double PriorVariance => SigmaMax * SigmaMax;

    private double Sigma2(double t) => SigmaMin * SigmaMin * Math.Pow(SigmaMax / SigmaMin, 2 * t);

    public double Beta(double t) => 0.0;
    public double G2(double t) => 2 * Sigma2(t) * Math.Log(SigmaMax / SigmaMin);
    public double BetaDerivative(double t) => 0.0;

    /// <summary><c>d g^2/dt = 2 log(sigma_max/sigma_min) g^2</c>.</summary>
    public double G2Derivative(double t) => 2 * Math.Log(SigmaMax / SigmaMin) * G2(t);
    public double MeanScale(double t) => 1.0;
    public double NoiseVariance(double t) => Sigma2(t) - SigmaMin * SigmaMin;
    public double FrozenScoreWeight(double tTo, double tFrom) => Sigma2(tFrom) - Sigma2(tTo);
}
