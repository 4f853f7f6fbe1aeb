using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Geometry;

/// <summary>
/// The Bures squared distance <c>B^2(C, S) = tr C + tr S - 2 tr (C^{1/2} S C^{1/2})^{1/2}</c> (paper 000 eq. (9)) as a function of S,
/// with its gradient and Hessian (eq. (32)) for general SPD C and S.
/// With <c>M = C^{1/2} S C^{1/2} = V diag(mu) V^T</c> and <c>T = C^{1/2} M^{-1/2} C^{1/2}</c> (the optimal map from N(0,S) to N(0,C)):
/// <list type="bullet">
/// <item>gradient <c>grad_S B^2 = I - T</c>;</item>
/// <item>Hessian <c>D^2 B^2[U, V] = sum_ij Ut_ij Vt_ij / (sqrt(mu_i mu_j) (sqrt mu_i + sqrt mu_j))</c>, with
/// <c>Ut = V^T C^{1/2} U C^{1/2} V</c>, from the Daleckii–Krein formula for the derivative of <c>M^{-1/2}</c>.</item>
/// </list>
/// </summary>
public sealed class BuresGeometry
{
    private readonly Matrix<double> _cHalf;
    private readonly Matrix<double> _vectors;
    private readonly Vector<double> _sqrtMu;

    /// <summary>Prepares the geometry of <c>S -> B^2(C, S)</c> at the point S.</summary>
    public BuresGeometry(Matrix<double> c, Matrix<double> s)
    {
        _cHalf = SymmetricEigen.SqrtPsd(c);
        var inner = SymmetricEigen.Of(_cHalf * s * _cHalf);
        if (inner.Values.Minimum() <= 0) throw new InvalidConfigurationException("Bures derivatives need C and S positive definite");
        _vectors = inner.Vectors;
        _sqrtMu = inner.Values.PointwiseSqrt();
        Value = c.Trace() + s.Trace() - 2 * _sqrtMu.Sum();
        var t = _cHalf * inner.Reconstruct(mu => 1 / Math.Sqrt(mu)) * _cHalf;
        Gradient = Matrix<double>.Build.DenseIdentity(s.RowCount) - SymmetricEigen.Symmetrize(t);
    }

    /// <summary><c>B^2(C, S)</c> at the point (the value of <see cref="Metrics.FrechetDistance.Bures"/>).</summary>
    public double Value { get; }
    public Matrix<double> Gradient { get; }

    /// <summary>The bilinear Hessian form <c>D^2 B^2(C, .)[U, V]</c> at S for symmetric directions U, V.</summary>
    public double Hessian(Matrix<double> u, Matrix<double> v)
    {
        var ut = _vectors.TransposeThisAndMultiply(_cHalf * u * _cHalf) * _vectors;
        var vt = ReferenceEquals(u, v) ? ut : _vectors.TransposeThisAndMultiply(_cHalf * v * _cHalf) * _vectors;
        var sum = 0.0;
        for (var i = 0; i < ut.RowCount; i++)
        for (var j = 0; j < ut.ColumnCount; j++)
            sum += ut[i, j] * vt[i, j] / (_sqrtMu[i] * _sqrtMu[j] * (_sqrtMu[i] + _sqrtMu[j]));
        return sum;
    }
}
