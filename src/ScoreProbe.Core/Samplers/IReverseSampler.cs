using ScoreProbe.Core.Numerics;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// A reverse sampler as an exact affine-Gaussian step (paper 000 eq. (20)–(22)):
/// <c>X_k = Step(X_{k+1}, s_hat) + NoiseStd * Z</c> with the step affine in the state and in the scores at <see cref="StageTimes"/>.
/// Coefficients are computed once, on dual numbers (<see cref="StepContext.FromDual"/>), so the same function gives their values
/// and their exact derivatives in the step's end times.
/// </summary>
public interface IReverseSampler
{
    string Name { get; }

    /// <summary>Weak order q of the discretisation: <c>E_disc = O(gamma^q)</c>.</summary>
    int Order { get; }

    /// <summary>
    /// Noise level alpha of the continuous process the sampler discretises (1: reverse SDE, 0: probability-flow ODE);
    /// it fixes the exact continuous reverse process behind E0.
    /// </summary>
    double LimitAlpha { get; }

    /// <summary>Distinct times at which the step evaluates the score, first to last, with their tangents.</summary>
    IReadOnlyList<Dual> StageTimeDuals(in StepContext step);

    /// <summary>Distinct times at which the step evaluates the score, first to last.</summary>
    IReadOnlyList<double> StageTimes(in StepContext step) => StageTimeDuals(step).Select(t => t.Value).ToArray();

    /// <summary>The deterministic part of the step; <paramref name="score"/> evaluates s_hat at a stage.</summary>
    T Step<T>(T x, in StepContext step, StageScore<T> score) where T : IAffineState<T>;

    /// <summary>Standard deviation of the isotropic Gaussian noise injected by the step (0 for ODE solvers), with its tangent.</summary>
    Dual NoiseStdDual(in StepContext step);

    /// <summary>Standard deviation of the isotropic Gaussian noise injected by the step (0 for ODE solvers).</summary>
    double NoiseStd(in StepContext step) => NoiseStdDual(step).Value;
}
