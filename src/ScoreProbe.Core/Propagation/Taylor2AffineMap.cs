using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Samplers;

namespace ScoreProbe.Core.Propagation;

/// <summary>
/// An affine map <c>x -> A(eps) x + a(eps)</c> kept to second order in a scalar eps that scales one score-error direction:
/// <c>A = A0 + eps A1 + eps^2 A2</c>, <c>a = a0 + eps (a1 shift part + a1 matrix part) + eps^2 a2</c>. The first-order offset is
/// split by cause (the delta part of the direction or its Delta part) so that the paper's Q^delta, Q^Delta and cross terms
/// can be told apart. Multi-stage steps are polynomials in eps; truncation at eps^2 is exactly what the second-order
/// expansion of E W2^2 needs.
/// </summary>
public readonly record struct Taylor2AffineMap(
    Matrix<double> A0, Matrix<double> A1, Matrix<double> A2,
    Vector<double> A0Offset, Vector<double> ShiftOffset1, Vector<double> MatrixOffset1, Vector<double> Offset2)
    : IAffineState<Taylor2AffineMap>
{
    public static Taylor2AffineMap Identity(int d)
    {
        var z = Matrix<double>.Build.Dense(d, d);
        var v = Vector<double>.Build.Dense(d);
        return new(Matrix<double>.Build.DenseIdentity(d), z, z, v, v, v, v);
    }

    public static Taylor2AffineMap operator +(Taylor2AffineMap l, Taylor2AffineMap r) => new(
        l.A0 + r.A0, l.A1 + r.A1, l.A2 + r.A2,
        l.A0Offset + r.A0Offset, l.ShiftOffset1 + r.ShiftOffset1, l.MatrixOffset1 + r.MatrixOffset1, l.Offset2 + r.Offset2);

    public static Taylor2AffineMap operator *(double s, Taylor2AffineMap x) => new(
        s * x.A0, s * x.A1, s * x.A2, s * x.A0Offset, s * x.ShiftOffset1, s * x.MatrixOffset1, s * x.Offset2);

    /// <summary>
    /// The perturbed score <c>s(x) = -(M0 + eps M1) x + (v0 + eps v1)</c> composed with this map, truncated at eps^2.
    /// <paramref name="m1"/> is the Delta part of the direction at this time and <paramref name="v1"/> its delta part (either may be null).
    /// </summary>
    public Taylor2AffineMap Score(Matrix<double> m0, Vector<double> v0, Matrix<double>? m1, Vector<double>? v1)
    {
        var a1 = -(m0 * A1);
        var a2 = -(m0 * A2);
        var shift1 = -(m0 * ShiftOffset1);
        var matrix1 = -(m0 * MatrixOffset1);
        var off2 = -(m0 * Offset2);
        if (m1 is not null)
        {
            a1 -= m1 * A0;
            a2 -= m1 * A1;
            matrix1 -= m1 * A0Offset;
            off2 -= m1 * (ShiftOffset1 + MatrixOffset1);
        }
        if (v1 is not null) shift1 += v1;
        return new(-(m0 * A0), a1, a2, v0 - m0 * A0Offset, shift1, matrix1, off2);
    }
}
