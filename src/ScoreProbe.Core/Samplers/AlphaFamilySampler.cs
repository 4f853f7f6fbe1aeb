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

    public IReadOnlyList<double> StageTimes(in StepContext step) => [step.From];

    public T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>
    {
        var c = 0.5 * (1 + Alpha * Alpha);
        return (1 + 0.5 * step.H * step.Schedule.Beta(step.From)) * x + (step.H * c * step.Schedule.G2(step.From)) * score(x, 0);
    }

    public double NoiseStd(in StepContext step) => Alpha * Math.Sqrt(step.Schedule.G2(step.From) * step.H);
}
