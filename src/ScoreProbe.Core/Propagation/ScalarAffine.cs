using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Samplers;

namespace ScoreProbe.Core.Propagation;

/// <summary>
/// A one-dimensional affine map <c>x -> Slope x + Offset</c>: one eigen-mode of the exact-score step. The coefficients are
/// <see cref="Dual"/> numbers and multiples by a dual step coefficient apply the product rule, so a sampler's step run on it
/// gives the mode's coefficients and, when the step context's end-time tangents are seeded (the grid designer), their exact
/// derivatives; with the tangents at 0 the values are the plain double computation.
/// </summary>
public readonly record struct ScalarAffine(Dual Slope, Dual Offset) : IAffineState<ScalarAffine>
{
    public static ScalarAffine Identity => new(1, 0);
    public static ScalarAffine operator +(ScalarAffine l, ScalarAffine r) => new(l.Slope + r.Slope, l.Offset + r.Offset);
    public static ScalarAffine operator *(double s, ScalarAffine x) => new(s * x.Slope, s * x.Offset);
    public static ScalarAffine operator *(Dual s, ScalarAffine x) => new(s * x.Slope, s * x.Offset);

    /// <summary>The exact score of one mode, <c>s(x) = -p x + pm</c>, applied to this map.</summary>
    public ScalarAffine Score(Dual precision, Dual precisionTimesMean) => new(-precision * Slope, -precision * Offset + precisionTimesMean);
}
