using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Samplers;

namespace ScoreProbe.Core.Propagation;

/// <summary>
/// An affine map <c>x -> A x + a</c> of the step's input state. Running a sampler step on the identity map yields the step's
/// <c>(A_k, a_k)</c> of eq. (22) for whatever affine score the stages see.
/// </summary>
public readonly record struct AffineMap(Matrix<double> Linear, Vector<double> Offset) : IAffineState<AffineMap>
{
    public static AffineMap Identity(int d) => new(Matrix<double>.Build.DenseIdentity(d), Vector<double>.Build.Dense(d));
    public static AffineMap operator +(AffineMap l, AffineMap r) => new(l.Linear + r.Linear, l.Offset + r.Offset);
    public static AffineMap operator *(double s, AffineMap x) => new(s * x.Linear, s * x.Offset);

    /// <summary>The affine score <c>s(x) = -M x + v</c> composed with this map.</summary>
    public AffineMap Score(Matrix<double> m, Vector<double> v) => new(-(m * Linear), v - m * Offset);
}
