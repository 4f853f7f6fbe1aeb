using ScoreProbe.Core.Numerics;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// Classical fourth-order Runge–Kutta on the probability-flow ODE (reverse-time velocity v), stages at
/// t_{k+1}, t_{k+1} - h/2 (twice) and t_k: <c>X_k = x + h/6 (k1 + 2 k2 + 2 k3 + k4)</c>.
/// </summary>
public sealed class Rk4OdeSampler : IReverseSampler
{
    public string Name => "rk4";
    public double LimitAlpha => 0.0;
    public int Order => 4;

    public IReadOnlyList<Dual> StageTimeDuals(in StepContext step) => [step.FromDual, step.FromDual - 0.5 * step.HDual, step.ToDual];

    public T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>
    {
        Dual h = step.HDual, mid = step.FromDual - 0.5 * h;
        var k1 = step.OdeVelocity(x, score(x, 0), step.FromDual);
        var x2 = x + (0.5 * h) * k1;
        var k2 = step.OdeVelocity(x2, score(x2, 1), mid);
        var x3 = x + (0.5 * h) * k2;
        var k3 = step.OdeVelocity(x3, score(x3, 1), mid);
        var x4 = x + h * k3;
        var k4 = step.OdeVelocity(x4, score(x4, 2), step.ToDual);
        return x + (h / 6) * (k1 + 2.0 * k2 + 2.0 * k3 + k4);
    }

    public Dual NoiseStdDual(in StepContext step) => 0.0;
}
