namespace ScoreProbe.Core.Spde;

/// <summary>
/// Which deterministic drift the simplified model (paper 004 §5, f = 0, g = sqrt 2, mu = 0) uses.
/// The reverse Fokker–Planck equation (5)/(7) reads du = [-div(u 2 grad log v_t) + Laplace u] dt, whose solution from
/// u_0 = v_0 is exactly v_t = k_{T-t} * p_0. Eq. (8) as printed, du = div(u grad log(u / v_t)) dt, is the Wasserstein
/// gradient flow of KL(u || v_t) with the potential frozen (quasi-static, §5.1); it lags behind v_t because it lacks
/// the second grad log v_t. Both are the flux form F = c u grad log v_t - grad u with c = 2 and c = 1.
/// </summary>
public enum SpdeDriftForm
{
    /// <summary>Eq. (5)/(7) with f = 0, g^2 = 2: flux 2 u grad log v_t - grad u (tracks v_t exactly without noise).</summary>
    ReverseFokkerPlanck,

    /// <summary>Eq. (8) as printed: flux u grad log v_t - grad u (quasi-static gradient flow towards v_t).</summary>
    GradientFlow,
}
