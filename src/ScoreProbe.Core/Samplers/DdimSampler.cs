using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// Deterministic DDIM (eta = 0; Song, Meng and Ermon 2021) in score form, <c>eps_hat = -sqrt(b2_{k+1}) s_hat</c>:
/// <c>X_k = a_k x0 + sqrt(b2_k) eps_hat</c> with <c>x0 = (x + b2_{k+1} s_hat)/a_{k+1}</c>, i.e.
/// <c>X_k = (a_k/a_{k+1}) x + (a_k b2_{k+1}/a_{k+1} - sqrt(b2_k b2_{k+1})) s_hat</c>. It is the exponential integrator of the ODE in the noise
/// parameterisation (first order).
/// </summary>
public sealed class DdimSampler : IReverseSampler
{
    public string Name => "ddim";
    public double LimitAlpha => 0.0;
    public int Order => 1;

    public IReadOnlyList<Dual> StageTimeDuals(in StepContext step) => [step.FromDual];

    public T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>
    {
        var s = step.Schedule;
        Dual aNext = s.MeanScale(step.FromDual), b2Next = s.NoiseVariance(step.FromDual), aCur = s.MeanScale(step.ToDual), b2Cur = s.NoiseVariance(step.ToDual);
        return (aCur / aNext) * x + (aCur * b2Next / aNext - Dual.Sqrt(b2Cur * b2Next)) * score(x, 0);
    }

    public Dual NoiseStdDual(in StepContext step) => 0.0;
}
