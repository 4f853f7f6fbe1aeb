using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// One spatial direction of the affine score error <c>e(x) = -Delta x + delta</c> (eq. (7)): the error is
/// <c>sum_s z_s(t) (-Delta_s x + delta_s)</c> with independent scalar time processes z_s. Either part may be null.
/// </summary>
public sealed record SpatialDirection(Matrix<double>? Delta, Vector<double>? Shift)
{
    /// <summary>The direction multiplied by a scalar.</summary>
    public SpatialDirection Scale(double factor) => new(Delta is null ? null : factor * Delta, Shift is null ? null : factor * Shift);

    /// <summary>The direction in the eigenbasis of C: <c>(Q^T Delta Q, Q^T delta)</c>.</summary>
    public SpatialDirection Rotate(Matrix<double> q) =>
        new(Delta is null ? null : q.TransposeThisAndMultiply(Delta) * q, Shift is null ? null : q.TransposeThisAndMultiply(Shift));
}
