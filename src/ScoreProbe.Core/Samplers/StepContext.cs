using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// One reverse step from <c>t_{k+1}</c> (<see cref="From"/>) to <c>t_k</c> (<see cref="To"/>), <c>h = t_{k+1} - t_k</c>.
/// Samplers compute their coefficients on <see cref="FromDual"/> and <see cref="ToDual"/>: with the tangents left at 0 (sampling)
/// that is the plain double computation; the grid designer seeds them to read the exact derivatives of the same coefficients.
/// </summary>
public readonly record struct StepContext(IDiffusionSchedule Schedule, double From, double To)
{
    /// <summary><c>d t_{k+1}</c> along the direction being differentiated (0 when sampling).</summary>
    public double FromTangent { get; init; }

    /// <summary><c>d t_k</c> along the direction being differentiated (0 when sampling).</summary>
    public double ToTangent { get; init; }

    public double H => From - To;

    /// <summary>t_{k+1} with its tangent.</summary>
    public Dual FromDual => new(From, FromTangent);

    /// <summary>t_k with its tangent.</summary>
    public Dual ToDual => new(To, ToTangent);

    /// <summary>h with its tangent.</summary>
    public Dual HDual => FromDual - ToDual;

    /// <summary>Reverse-time velocity of the probability-flow ODE <c>dx/d(-t) = beta x / 2 + g^2 s / 2</c> at time t.</summary>
    public T OdeVelocity<T>(T x, T score, Dual t) where T : IAffineState<T> =>
        (0.5 * Schedule.Beta(t)) * x + (0.5 * Schedule.G2(t)) * score;
}
