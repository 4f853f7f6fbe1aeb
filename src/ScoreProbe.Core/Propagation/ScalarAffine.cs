using ScoreProbe.Core.Samplers;

namespace ScoreProbe.Core.Propagation;

/// <summary>A one-dimensional affine map <c>x -> Slope x + Offset</c>: one eigen-mode of the exact-score step.</summary>
public readonly record struct ScalarAffine(double Slope, double Offset) : IAffineState<ScalarAffine>
{
    public static ScalarAffine Identity => new(1, 0);
    public static ScalarAffine operator +(ScalarAffine l, ScalarAffine r) => new(l.Slope + r.Slope, l.Offset + r.Offset);
    public static ScalarAffine operator *(double s, ScalarAffine x) => new(s * x.Slope, s * x.Offset);

    /// <summary>The exact score of one mode, <c>s(x) = -p x + pm</c>, applied to this map.</summary>
    public ScalarAffine Score(double precision, double precisionTimesMean) => new(-precision * Slope, -precision * Offset + precisionTimesMean);
}
