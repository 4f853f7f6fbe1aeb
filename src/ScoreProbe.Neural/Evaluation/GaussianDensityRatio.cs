using MathNet.Numerics.LinearAlgebra;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The exact ratio of two Gaussians <c>u = N(m_u, S_u)</c>, <c>v = N(m_v, S_v)</c>:
/// <c>log u/v (x) = -1/2 (x - m_u)^T S_u^{-1} (x - m_u) + 1/2 (x - m_v)^T S_v^{-1} (x - m_v) - 1/2 log det S_u + 1/2 log det S_v</c>,
/// evaluated in double precision on flattened rows.
/// </summary>
public sealed class GaussianDensityRatio : IDensityRatio
{
    private readonly Tensor _meanU, _precisionU, _meanV, _precisionV;
    private readonly double _logDetTerm;

    public GaussianDensityRatio(Vector<double> meanU, Matrix<double> covarianceU, Vector<double> meanV, Matrix<double> covarianceV)
    {
        _meanU = ToTensor(meanU);
        _meanV = ToTensor(meanV);
        _precisionU = ToTensor(covarianceU.Inverse());
        _precisionV = ToTensor(covarianceV.Inverse());
        _logDetTerm = 0.5 * (LogDeterminant(covarianceV) - LogDeterminant(covarianceU));
    }

    public double? ValidationLoss => null;

    public Tensor LogRatio(Tensor x)
    {
        using var scope = NewDisposeScope();
        var rows = x.reshape(x.shape[0], -1).to(ScalarType.Float64);
        return (Quadratic(rows, _meanV, _precisionV) / 2 - Quadratic(rows, _meanU, _precisionU) / 2 + _logDetTerm).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        foreach (var t in new[] { _meanU, _precisionU, _meanV, _precisionV }) t.Dispose();
    }

    private static Tensor Quadratic(Tensor rows, Tensor mean, Tensor precision)
    {
        var centred = rows - mean;
        return (centred.matmul(precision) * centred).sum(1);
    }

    /// <summary><c>log det S = 2 sum log L_ii</c> with <c>S = L L^T</c>.</summary>
    private static double LogDeterminant(Matrix<double> covariance) =>
        2 * covariance.Cholesky().Factor.Diagonal().Sum(Math.Log);

    private static Tensor ToTensor(Vector<double> v) => tensor(v.ToArray());

    private static Tensor ToTensor(Matrix<double> m) => tensor(m.ToRowMajorArray()).reshape(m.RowCount, m.ColumnCount);
}
