using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// Exponential integrator of the probability-flow ODE with the score frozen at t_{k+1} (DEIS order 0 in score form):
/// the linear drift is integrated exactly and <c>X_k = (a_k/a_{k+1}) x + (1/2) [int_{t_k}^{t_{k+1}} g^2(u) a_k/a(u) du] s_hat(x)</c>.
/// </summary>
public sealed class ExponentialIntegratorSampler : IReverseSampler
{
    public string Name => "exp-integrator";
    public double LimitAlpha => 0.0;
    public int Order => 1;

    public IReadOnlyList<Dual> StageTimeDuals(in StepContext step) => [step.FromDual];

    public T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>
    {
        var s = step.Schedule;
        Dual from = step.FromDual, to = step.ToDual;
        return (s.MeanScale(to) / s.MeanScale(from)) * x + (0.5 * s.FrozenScoreWeight(to, from)) * score(x, 0);
    }

    public Dual NoiseStdDual(in StepContext step) => 0.0;
}
