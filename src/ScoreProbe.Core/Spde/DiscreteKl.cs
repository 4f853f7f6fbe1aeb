namespace ScoreProbe.Core.Spde;

/// <summary>
/// KL(u || v) = sum_i u_i log(u_i / v_i) |cell| for cell densities u, v of unit mass, with 0 log 0 = 0 and +infinity
/// where u_i &gt; 0 = v_i. The midpoint-rule discretisation of the integral int u log(u/v).
/// </summary>
public static class DiscreteKl
{
    public static double Compute(ReadOnlySpan<double> u, ReadOnlySpan<double> v, double cellVolume)
    {
        if (u.Length != v.Length) throw new ArgumentException($"u and v differ in length ({u.Length} vs {v.Length}).");
        var total = 0.0;
        for (var i = 0; i < u.Length; i++)
        {
            if (u[i] <= 0) continue;
            if (v[i] <= 0) return double.PositiveInfinity;
            total += u[i] * Math.Log(u[i] / v[i]);
        }
        return total * cellVolume;
    }
}
