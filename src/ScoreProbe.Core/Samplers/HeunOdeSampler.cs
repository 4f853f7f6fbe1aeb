using ScoreProbe.Core.Numerics;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// Heun's method (explicit trapezoid, order 2) on the probability-flow ODE, velocity v of <see cref="StepContext.OdeVelocity{T}"/>:
/// <c>x' = x + h v(x, t_{k+1})</c>, <c>X_k = x + h/2 (v(x, t_{k+1}) + v(x', t_k))</c>.
/// </summary>
public sealed class HeunOdeSampler : IReverseSampler
{
    public string Name => "heun";
    public double LimitAlpha => 0.0;
    public int Order => 2;

    public IReadOnlyList<Dual> StageTimeDuals(in StepContext step) => [step.FromDual, step.ToDual];

    public T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>
    {
        var h = step.HDual;
        var v1 = step.OdeVelocity(x, score(x, 0), step.FromDual);
        var predictor = x + h * v1;
        var v2 = step.OdeVelocity(predictor, score(predictor, 1), step.ToDual);
        return x + (0.5 * h) * (v1 + v2);
    }

    public Dual NoiseStdDual(in StepContext step) => 0.0;
}
