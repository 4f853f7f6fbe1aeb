using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// The joint time-time covariance of the affine coefficients z_a = (vec Delta_a, delta_a) with named block accessors:
/// Sigma^Delta_ab = Cov(vec Delta_a, vec Delta_b), Sigma^delta_ab = Cov(delta_a, delta_b) and the cross block
/// Sigma^{Delta delta}_ab = Cov(vec Delta_a, delta_b) (paper 000 §7). vec is as in <see cref="CoefficientSamples"/>.
/// </summary>
public sealed record CoefficientCovariance(TimeCovarianceEstimate Joint, int Dim, bool DiagonalDelta)
{
    public int DeltaModes => DiagonalDelta ? Dim : Dim * Dim;

    public Matrix<double> DeltaBlock(int a, int b) => Joint.Block(a, b).SubMatrix(0, DeltaModes, 0, DeltaModes);

    public Matrix<double> ShiftBlock(int a, int b) => Joint.Block(a, b).SubMatrix(DeltaModes, Dim, DeltaModes, Dim);

    public Matrix<double> CrossBlock(int a, int b) => Joint.Block(a, b).SubMatrix(0, DeltaModes, DeltaModes, Dim);

    /// <summary>tr Sigma^delta_aa: the marginal variance of the shift error at time a.</summary>
    public double ShiftVariance(int a) => ShiftBlock(a, a).Trace();

    /// <summary>tr Sigma^Delta_aa = E||Delta_a - E Delta_a||_F^2.</summary>
    public double DeltaVariance(int a) => DeltaBlock(a, a).Trace();
}
