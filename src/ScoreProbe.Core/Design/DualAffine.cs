using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Samplers;

namespace ScoreProbe.Core.Design;

/// <summary>
/// A one-dimensional affine map <c>x -> Slope x + Offset</c> with dual-number coefficients: one eigen-mode of the exact-score step
/// (as <see cref="Propagation.ScalarAffine"/>) together with its derivative along the step context's seeded end-time tangents.
/// Multiples by a dual coefficient apply the product rule, so running a sampler's step on it differentiates the step exactly.
/// </summary>
public readonly record struct DualAffine(Dual Slope, Dual Offset) : IAffineState<DualAffine>
{
    public static DualAffine Identity => new(1, 0);

    public static DualAffine operator +(DualAffine l, DualAffine r) => new(l.Slope + r.Slope, l.Offset + r.Offset);
    public static DualAffine operator *(double s, DualAffine x) => new(s * x.Slope, s * x.Offset);
    public static DualAffine operator *(Dual s, DualAffine x) => new(s * x.Slope, s * x.Offset);

    /// <summary>The exact score of one mode, <c>s(x) = -p x + pm</c>, applied to this map (as <see cref="Propagation.ScalarAffine.Score"/>).</summary>
    public DualAffine Score(Dual precision, Dual precisionTimesMean) => new(-precision * Slope, -precision * Offset + precisionTimesMean);
}
