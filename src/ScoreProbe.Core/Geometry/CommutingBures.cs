namespace ScoreProbe.Core.Geometry;

/// <summary>
/// Fast path of <see cref="BuresGeometry"/> when C = diag(c) and S = diag(s) in one basis (DESIGN.md):
/// <c>B^2 = sum (sqrt c_i - sqrt s_i)^2</c>, gradient <c>diag(1 - sqrt(c_i/s_i))</c>, and for symmetric U
/// <c>D^2 B^2[U, U] = sum_ij w_ij U_ij^2</c>, <c>w_ij = sqrt(c_i c_j) / (sqrt(s_i s_j) (sqrt(c_i s_i) + sqrt(c_j s_j)))</c>.
/// 1-D check: <c>d^2/ds^2 (sqrt c - sqrt s)^2 = sqrt(c) s^{-3/2} / 2 = w_11</c>.
/// </summary>
public readonly struct CommutingBures
{
    private readonly double[] _sqrtC;
    private readonly double[] _sqrtS;
    private readonly double[] _sqrtCs;

    public CommutingBures(ReadOnlySpan<double> c, ReadOnlySpan<double> s)
    {
        _sqrtC = new double[c.Length];
        _sqrtS = new double[c.Length];
        _sqrtCs = new double[c.Length];
        for (var i = 0; i < c.Length; i++)
        {
            _sqrtC[i] = Math.Sqrt(c[i]);
            _sqrtS[i] = Math.Sqrt(s[i]);
            _sqrtCs[i] = _sqrtC[i] * _sqrtS[i];
        }
    }

    public int Dimension => _sqrtC.Length;

    public double Value
    {
        get
        {
            var sum = 0.0;
            for (var i = 0; i < _sqrtC.Length; i++) sum += (_sqrtC[i] - _sqrtS[i]) * (_sqrtC[i] - _sqrtS[i]);
            return sum;
        }
    }

    /// <summary>Diagonal of the gradient: <c>1 - sqrt(c_i / s_i)</c>.</summary>
    public double Gradient(int i) => 1 - _sqrtC[i] / _sqrtS[i];

    /// <summary>Hessian weight w_ij.</summary>
    public double Weight(int i, int j) => _sqrtC[i] * _sqrtC[j] / (_sqrtS[i] * _sqrtS[j] * (_sqrtCs[i] + _sqrtCs[j]));
}
