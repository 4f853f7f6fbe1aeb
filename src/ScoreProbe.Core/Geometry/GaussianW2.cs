using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Geometry;

/// <summary>
/// Squared 2-Wasserstein distance between Gaussians (paper 000 eq. (8)): <c>W2^2 = |m - m'|^2 + B^2(S, S')</c>.
/// </summary>
public static class GaussianW2
{
    public static double Squared(Vector<double> m1, Matrix<double> s1, Vector<double> m2, Matrix<double> s2) =>
        (m1 - m2).DotProduct(m1 - m2) + BuresGeometry.Distance2(s1, s2);

    /// <summary>Commuting (both diagonal in one basis) case: <c>sum (m_i - m'_i)^2 + sum (sqrt c_i - sqrt s_i)^2</c>.</summary>
    public static double SquaredDiagonal(ReadOnlySpan<double> m1, ReadOnlySpan<double> c1, ReadOnlySpan<double> m2, ReadOnlySpan<double> c2)
    {
        var sum = 0.0;
        for (var i = 0; i < m1.Length; i++)
        {
            var dm = m1[i] - m2[i];
            var ds = Math.Sqrt(c1[i]) - Math.Sqrt(c2[i]);
            sum += dm * dm + ds * ds;
        }
        return sum;
    }
}
