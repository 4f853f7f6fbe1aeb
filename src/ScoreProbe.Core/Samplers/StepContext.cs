using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Samplers;

/// <summary>One reverse step from <c>t_{k+1}</c> (<see cref="From"/>) to <c>t_k</c> (<see cref="To"/>), <c>h = t_{k+1} - t_k</c>.</summary>
public readonly record struct StepContext(IDiffusionSchedule Schedule, double From, double To)
{
    public double H => From - To;

    /// <summary>Reverse-time velocity of the probability-flow ODE <c>dx/d(-t) = beta x / 2 + g^2 s / 2</c> at time t.</summary>
    public T OdeVelocity<T>(T x, T score, double t) where T : IAffineState<T> =>
        (0.5 * Schedule.Beta(t)) * x + (0.5 * Schedule.G2(t)) * score;
}
