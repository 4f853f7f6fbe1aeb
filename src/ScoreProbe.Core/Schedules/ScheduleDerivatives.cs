using ScoreProbe.Core.Numerics;

namespace ScoreProbe.Core.Schedules;

/// <summary>
/// The schedule's functions at a <see cref="Dual"/> time, with their exact derivatives. Every schedule is a linear SDE
/// <c>dX = -1/2 beta X dt + g dW</c> (paper 000 eq. (1)), so <c>a = exp(-1/2 int_0^t beta)</c> and <c>b2 = a^2 int_0^t g^2/a^2</c>
/// obey eq. (2), <c>a' = -beta a / 2</c> and <c>b2' = g^2 - beta b2</c>; with the schedule's own <c>beta'</c> and <c>(g^2)'</c> that
/// differentiates a, b2 and the frozen-score weight of every schedule without a step size.
/// The value part is the schedule's double function itself, so code that calls these on constants computes the same bits.
/// </summary>
public static class ScheduleDerivatives
{
    public static Dual Beta(this IDiffusionSchedule s, Dual t) =>
        new(s.Beta(t.Value), t.IsConstant ? 0 : s.BetaDerivative(t.Value) * t.Tangent);

    public static Dual G2(this IDiffusionSchedule s, Dual t) =>
        new(s.G2(t.Value), t.IsConstant ? 0 : s.G2Derivative(t.Value) * t.Tangent);

    /// <summary><c>a(t)</c>, <c>a' = -beta a / 2</c> (eq. (2)).</summary>
    public static Dual MeanScale(this IDiffusionSchedule s, Dual t)
    {
        var a = s.MeanScale(t.Value);
        return new Dual(a, t.IsConstant ? 0 : -0.5 * s.Beta(t.Value) * a * t.Tangent);
    }

    /// <summary><c>b2(t)</c>, <c>b2' = g^2 - beta b2</c> (eq. (2)).</summary>
    public static Dual NoiseVariance(this IDiffusionSchedule s, Dual t)
    {
        var b2 = s.NoiseVariance(t.Value);
        return new Dual(b2, t.IsConstant ? 0 : (s.G2(t.Value) - s.Beta(t.Value) * b2) * t.Tangent);
    }

    /// <summary>
    /// <c>W(to, from) = int_to^from g^2(u) a(to)/a(u) du</c> (<see cref="IDiffusionSchedule.FrozenScoreWeight"/>):
    /// <c>dW/dfrom = g^2(from) a(to)/a(from)</c>, <c>dW/dto = -g^2(to) + (a'(to)/a(to)) W = -g^2(to) - beta(to) W / 2</c>.
    /// </summary>
    public static Dual FrozenScoreWeight(this IDiffusionSchedule s, Dual to, Dual from)
    {
        var w = s.FrozenScoreWeight(to.Value, from.Value);
        var tangent = 0.0;
        if (!from.IsConstant) tangent += s.G2(from.Value) * s.MeanScale(to.Value) / s.MeanScale(from.Value) * from.Tangent;
        if (!to.IsConstant) tangent += (-s.G2(to.Value) - 0.5 * s.Beta(to.Value) * w) * to.Tangent;
        return new Dual(w, tangent);
    }
}
