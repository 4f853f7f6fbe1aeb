using ScoreProbe.Core.Samplers;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// A batch of sampler states as a Core <see cref="IAffineState{TSelf}"/>: Core's sampler steps (written once against sums and
/// scalar multiples) run on network scores without a second implementation. Results are new tensors owned by the
/// current dispose scope.
/// </summary>
public readonly struct TensorState(Tensor value) : IAffineState<TensorState>
{
    public Tensor Value { get; } = value;

    public static TensorState operator +(TensorState left, TensorState right) => new(left.Value + right.Value);

    public static TensorState operator *(double scale, TensorState state) => new(scale * state.Value);
}
