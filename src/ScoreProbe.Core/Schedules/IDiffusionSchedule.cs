namespace ScoreProbe.Core.Schedules;

/// <summary>
/// A linear forward diffusion <c>dX = -1/2 beta(t) X dt + g(t) dW</c> with <c>g^2 = beta xi^2</c> (DESIGN.md; paper 000 eq. (1), §5).
/// For <c>X_0 ~ N(mu, C)</c> the marginal is <c>N(a(t) mu, a(t)^2 C + b2(t) I)</c>.
/// </summary>
public interface IDiffusionSchedule
{
    string Name { get; }

    /// <summary>Default sampling horizon T (the proxy prior sits there).</summary>
    double Horizon { get; }

    /// <summary>Drift rate beta(t).</summary>
    double Beta(double t);

    /// <summary>Squared diffusion coefficient g^2(t) = beta(t) xi(t)^2.</summary>
    double G2(double t);

    /// <summary><c>d beta/dt</c>; with beta and g^2 and their derivatives, <see cref="ScheduleDerivatives"/> differentiates every other function exactly.</summary>
    double BetaDerivative(double t);

    /// <summary><c>d g^2/dt</c>.</summary>
    double G2Derivative(double t);

    /// <summary>Mean scale a(t) = exp(-1/2 int_0^t beta).</summary>
    double MeanScale(double t);

    /// <summary>Noise variance b2(t) = a(t)^2 int_0^t g^2(u) / a(u)^2 du.</summary>
    double NoiseVariance(double t);

    /// <summary>Variance of the isotropic proxy prior at T: 1 for VP, sigma_max^2 for VE (DESIGN.md).</summary>
    double PriorVariance { get; }

    /// <summary>
    /// <c>int_{tTo}^{tFrom} g^2(u) a(tTo)/a(u) du</c>: the weight of a frozen score over a step of the exponential integrator.
    /// </summary>
    double FrozenScoreWeight(double tTo, double tFrom);
}
