using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// The alpha family (DESIGN.md; paper 000 eq. (38) without its stray step factor), <c>c = (1 + alpha^2)/2</c>:
/// <c>X_k = X_{k+1} + h [ beta X_{k+1}/2 + c g^2 s_hat(X_{k+1}) ] + alpha g sqrt(h) Z</c>, all at t_{k+1}.
/// alpha = 1 is Euler–Maruyama on the reverse SDE, alpha = 0 Euler on the probability-flow ODE.
/// </summary>
public sealed class AlphaFamilySampler : IReverseSampler
{
    public AlphaFamilySampler(double alpha)
    {
        Guard.NonNegative("alpha", alpha);
        Alpha = alpha;
    }

    public double Alpha { get; }
    public string Name => Alpha switch { 1.0 => "em", 0.0 => "pf-euler", _ => $"alpha-{Alpha:G4}" };
    public double LimitAlpha => Alpha;
    public int Order => 1;

    public IReadOnlyList<Dual> StageTimeDuals(in StepContext step) => [step.FromDual];

    public T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>
    {
        var c = 0.5 * (1 + Alpha * Alpha);
        Dual from = step.FromDual, h = step.HDual;
        return (1 + 0.5 * h * step.Schedule.Beta(from)) * x + (h * c * step.Schedule.G2(from)) * score(x, 0);
    }

    public Dual NoiseStdDual(in StepContext step) => Alpha * Dual.Sqrt(step.Schedule.G2(step.FromDual) * step.HDual);
}
