namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// A scalar Gaussian process on the m evaluation times with a one-dimensional Markov state:
/// <c>z_n = Sigma_n u_n</c>, <c>u_0 ~ N(0,1)</c>, <c>u_n = Phi_n u_{n-1} + sqrt(1 - Phi_n^2) w_n</c>, so that
/// <c>k(a, b) = Sigma_a Sigma_b prod_{p=b+1}^{a} Phi_p</c> for a &gt;= b.
/// AR(1) is Phi = rho, Sigma = 1; independent errors Phi = 0; fully shared Phi = 1; a rank-one temporal mode f is
/// Phi = 1, Sigma = f. Sums of such components express every time covariance ScoreProbe uses; the kernel engines
/// contract against them in O(m) per spatial mode.
/// </summary>
public sealed class StateSpaceComponent
{
    public StateSpaceComponent(double[] phi, double[] sigma)
    {
        if (phi.Length != sigma.Length) throw new ArgumentException("phi and sigma need the same length");
        foreach (var p in phi)
            if (!(p >= -1 && p <= 1)) throw new InvalidConfigurationException($"a time-correlation coefficient must lie in [-1, 1] (got {p})");
        Phi = phi;
        Sigma = sigma;
    }

    public double[] Phi { get; }
    public double[] Sigma { get; }
    public int Length => Phi.Length;

    /// <summary>Innovation scale <c>sqrt(1 - Phi_n^2)</c>; the first time has a full-variance start.</summary>
    public double Innovation(int n) => n == 0 ? 1.0 : Math.Sqrt(Math.Max(0.0, 1 - Phi[n] * Phi[n]));

    public double Covariance(int a, int b)
    {
        if (a < b) (a, b) = (b, a);
        var product = Sigma[a] * Sigma[b];
        for (var p = b + 1; p <= a && product != 0; p++) product *= Phi[p];
        return product;
    }

    /// <summary>Adds one draw of z to <paramref name="z"/>.</summary>
    public void SampleInto(Random rng, Span<double> z)
    {
        var u = 0.0;
        for (var n = 0; n < Length; n++)
        {
            u = (n == 0 ? 0.0 : Phi[n] * u) + Innovation(n) * Gaussian.Next(rng);
            z[n] += Sigma[n] * u;
        }
    }

    /// <summary>
    /// Column l of a factor F with <c>k = F F^T</c>: <c>F[n, l] = Sigma_n Innovation(l) prod_{p=l+1}^{n} Phi_p</c> for n &gt;= l.
    /// Null when the column vanishes (no innovation enters at l).
    /// </summary>
    public double[]? FactorColumn(int l)
    {
        var start = Innovation(l);
        if (start == 0) return null;
        var column = new double[Length];
        var u = start;
        for (var n = l; n < Length; n++)
        {
            if (n > l) u *= Phi[n];
            column[n] = Sigma[n] * u;
        }
        return column;
    }
}
