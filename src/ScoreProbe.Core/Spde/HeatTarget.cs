using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Spde;

/// <summary>
/// The target path of paper 004 §5: v_t = k_{T-t} * p_0 with p_0 a mixture of isotropic Gaussians sum_k w_k N(mu_k, s_k^2 I)
/// and k_s the heat kernel of dX = sqrt 2 dW, N(0, 2 s I). Hence v_t = sum_k w_k N(mu_k, (s_k^2 + 2 (T - t)) I) in closed form.
/// </summary>
public sealed class HeatTarget
{
    private readonly double[] _weights;
    private readonly double[][] _means;
    private readonly double[] _variances;

    public HeatTarget(int dim, double horizon, IReadOnlyList<double> weights, IReadOnlyList<double[]> means, IReadOnlyList<double> variances)
    {
        if (weights.Count == 0 || weights.Count != means.Count || weights.Count != variances.Count) throw new ArgumentException("need matching, non-empty weights, means and variances.");
        if (means.Any(m => m.Length != dim)) throw new ArgumentException($"every mean must have dimension {dim}.");
        if (weights.Any(w => !(w > 0)) || variances.Any(v => !(v > 0))) throw new ArgumentException("weights and variances must be positive.");
        Guard.Positive("horizon", horizon);
        if (variances.Any(v => !double.IsFinite(v + 2 * horizon)))
            throw new InvalidConfigurationException("horizon", $"{Guard.Show(horizon)} overflows the smoothed variance s^2 + 2 T of v_0; use a smaller horizon");
        var total = weights.Sum();
        _weights = weights.Select(w => w / total).ToArray();
        _means = means.Select(m => (double[])m.Clone()).ToArray();
        _variances = variances.ToArray();
        Dim = dim;
        Horizon = horizon;
    }

    public int Dim { get; }

    /// <summary>T: v_T = p_0.</summary>
    public double Horizon { get; }

    /// <summary>p_0 = single Gaussian N(0, s^2 I).</summary>
    public static HeatTarget Gaussian(int dim, double variance, double horizon) => new(dim, horizon, [1.0], [new double[CheckDim(dim)]], [variance]);

    /// <summary>The default of the spde command: two equal components at +-1.5 on the first axis, variance 0.25, T = 1.</summary>
    public static HeatTarget Bimodal(int dim, double horizon = 1.0)
    {
        var left = new double[CheckDim(dim)];
        var right = new double[dim];
        left[0] = -1.5;
        right[0] = 1.5;
        return new HeatTarget(dim, horizon, [0.5, 0.5], [left, right], [0.25, 0.25]);
    }

    private static int CheckDim(int dim) => Guard.InRange("dim", dim, 1, 2, "the finite-volume solver is 1-D or 2-D");

    /// <summary>A half-width L such that [-L, L]^d holds all but a negligible (about 1e-9 relative) part of every v_t.</summary>
    public double SuggestedHalfWidth() => _means.Max(m => m.Max(Math.Abs)) + 6.0 * Math.Sqrt(_variances.Max() + 2.0 * Horizon);

    /// <summary>v_t(x).</summary>
    public double Density(double t, ReadOnlySpan<double> x)
    {
        var spread = 2.0 * (Horizon - t);
        var total = 0.0;
        for (var k = 0; k < _weights.Length; k++)
        {
            var variance = _variances[k] + spread;
            total += _weights[k] * Math.Exp(-0.5 * SquaredDistance(x, _means[k]) / variance) / Math.Pow(2 * Math.PI * variance, Dim / 2.0);
        }
        return total;
    }

    /// <summary>d/dx_axis log v_t(x), evaluated with log-sum-exp so it stays finite far in the tails.</summary>
    public double GradLog(double t, ReadOnlySpan<double> x, int axis)
    {
        var spread = 2.0 * (Horizon - t);
        Span<double> logTerms = stackalloc double[_weights.Length];
        var max = double.NegativeInfinity;
        for (var k = 0; k < _weights.Length; k++)
        {
            var variance = _variances[k] + spread;
            logTerms[k] = Math.Log(_weights[k]) - 0.5 * SquaredDistance(x, _means[k]) / variance - 0.5 * Dim * Math.Log(variance);
            max = Math.Max(max, logTerms[k]);
        }
        double numerator = 0, denominator = 0;
        for (var k = 0; k < _weights.Length; k++)
        {
            var responsibility = Math.Exp(logTerms[k] - max);
            numerator += responsibility * -(x[axis] - _means[k][axis]) / (_variances[k] + spread);
            denominator += responsibility;
        }
        return numerator / denominator;
    }

    private static double SquaredDistance(ReadOnlySpan<double> x, double[] mean)
    {
        var total = 0.0;
        for (var i = 0; i < x.Length; i++) total += (x[i] - mean[i]) * (x[i] - mean[i]);
        return total;
    }
}
