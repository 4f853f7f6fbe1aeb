using ScoreProbe.Core.Numerics;

namespace ScoreProbe.Core.Samplers;

/// <summary>
/// What a sampler step manipulates: anything closed under sums and scalar multiples. A concrete state vector, an affine map
/// of the previous state (to read off <c>A_k, a_k</c> of eq. (20)), or its second-order Taylor expansion in an error direction
/// all implement it, so one sampler function serves sampling, exact moment propagation and the kernel expansion.
/// </summary>
public interface IAffineState<TSelf> where TSelf : IAffineState<TSelf>
{
    static abstract TSelf operator +(TSelf left, TSelf right);
    static abstract TSelf operator *(double scale, TSelf state);

    /// <summary>
    /// A multiple by a step coefficient carried as a dual number (<see cref="StepContext.FromDual"/>). A state without derivatives takes
    /// the value (the same operation as the double multiple); a state that carries derivatives applies the product rule.
    /// </summary>
    static virtual TSelf operator *(Dual scale, TSelf state) => scale.Value * state;
}

/// <summary>The score at one of the step's evaluation times (index into <see cref="IReverseSampler.StageTimes"/>), applied to a state.</summary>
public delegate T StageScore<T>(T state, int stage) where T : IAffineState<T>;
