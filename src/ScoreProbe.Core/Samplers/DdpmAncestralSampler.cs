using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// DDPM ancestral sampling (Ho et al. 2020, diffusers <c>DDPMScheduler.step</c> with fixed_small variance, no clipping):
/// draw from the Gaussian posterior of x_{t_k} given x_{t_{k+1}} and the predicted
/// <c>x0 = (x + b2_{k+1} s_hat)/a_{k+1}</c>. With <c>r = a_{k+1}/a_k</c> and <c>v = b2_{k+1} - r^2 b2_k</c>
/// (<c>= 1 - alphabar_t/alphabar_prev</c> for VP): mean <c>(a_k v/b2_{k+1}) x0 + (r b2_k/b2_{k+1}) x</c>, variance <c>v b2_k/b2_{k+1}</c>.
/// </summary>
public sealed class DdpmAncestralSampler : IReverseSampler
{
    public string Name => "ddpm";
    public double LimitAlpha => 1.0;
    public int Order => 1;

    public IReadOnlyList<Dual> StageTimeDuals(in StepContext step) => [step.FromDual];

    public T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>
    {
        var (aNext, b2Next, aCur, b2Cur) = Coefficients(step);
        var r = aNext / aCur;
        var v = b2Next - r * r * b2Cur;
        var x0Weight = aCur * v / b2Next / aNext;
        return (x0Weight + r * b2Cur / b2Next) * x + (x0Weight * b2Next) * score(x, 0);
    }

    public Dual NoiseStdDual(in StepContext step)
    {
        var (aNext, b2Next, aCur, b2Cur) = Coefficients(step);
        var r = aNext / aCur;
        return Dual.Sqrt(Dual.Max((b2Next - r * r * b2Cur) * b2Cur / b2Next, 0.0));
    }

    private static (Dual ANext, Dual B2Next, Dual ACur, Dual B2Cur) Coefficients(in StepContext step) =>
        (step.Schedule.MeanScale(step.FromDual), step.Schedule.NoiseVariance(step.FromDual),
         step.Schedule.MeanScale(step.ToDual), step.Schedule.NoiseVariance(step.ToDual));
}
