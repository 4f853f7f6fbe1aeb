namespace ScoreProbe.Core.Schedules;

/// <summary>
/// Base for variance-preserving schedules (xi = 1, so g^2 = beta and b2 = 1 - a^2), defined by
/// <c>log alphabar(t) = log a(t)^2 = -int_0^t beta</c>.
/// </summary>
public abstract class VariancePreservingSchedule : IDiffusionSchedule
{
    public abstract string Name { get; }
    public virtual double Horizon => 1.0;
    public double PriorVariance => 1.0;

    public abstract double Beta(double t);
    public abstract double BetaDerivative(double t);

    /// <summary><c>log alphabar(t) = -int_0^t beta(u) du</c>.</summary>
    public abstract double LogAlphaBar(double t);

    public double G2(double t) => Beta(t);
    public double G2Derivative(double t) => BetaDerivative(t);
    public double MeanScale(double t) => Math.Exp(0.5 * LogAlphaBar(t));
    public double NoiseVariance(double t) => -double.ExpM1(LogAlphaBar(t));

    /// <summary>With g^2 = beta and a' = -beta a / 2: <c>int beta/a = 2 (1/a(tFrom) - 1/a(tTo))</c>, so the weight is <c>2 (a(tTo)/a(tFrom) - 1)</c>.</summary>
    public double FrozenScoreWeight(double tTo, double tFrom) =>
        2.0 * double.ExpM1(0.5 * (LogAlphaBar(tTo) - LogAlphaBar(tFrom)));
}
