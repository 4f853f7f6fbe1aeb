namespace ScoreProbe.Core.Statistics;

/// <summary>
/// One-dimensional Gaussian smoothing identical to scipy.ndimage.gaussian_filter1d(x, sigma, mode="reflect", truncate=4.0):
/// weights w_k proportional to exp(-k^2 / (2 sigma^2)) for |k| &lt;= round(truncate sigma), normalised to sum 1,
/// with the half-sample symmetric extension (d c b a | a b c d | d c b a) at both ends.
/// </summary>
public static class GaussianFilter1D
{
    public const double DefaultTruncate = 4.0;

    /// <param name="signal">Input series.</param>
    /// <param name="sigma">Standard deviation of the kernel in samples (&gt; 0).</param>
    /// <param name="truncate">Kernel radius in units of sigma; scipy's radius is int(truncate * sigma + 0.5).</param>
    public static double[] Apply(IReadOnlyList<double> signal, double sigma, double truncate = DefaultTruncate)
    {
        if (!(sigma > 0)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive.");
        var n = signal.Count;
        if (n == 0) return [];
        var radius = (int)(truncate * sigma + 0.5);
        var weights = new double[2 * radius + 1];
        var sum = 0.0;
        for (var k = -radius; k <= radius; k++) sum += weights[k + radius] = Math.Exp(-0.5 * k * k / (sigma * sigma));
        for (var k = 0; k < weights.Length; k++) weights[k] /= sum;
        var output = new double[n];
        for (var i = 0; i < n; i++)
        {
            var acc = 0.0;
            for (var k = -radius; k <= radius; k++) acc += weights[k + radius] * signal[Reflect(i + k, n)];
            output[i] = acc;
        }
        return output;
    }

    /// <summary>Index into the half-sample symmetric periodic extension of period 2n.</summary>
    private static int Reflect(int index, int n)
    {
        var period = 2 * n;
        var r = ((index % period) + period) % period;
        return r < n ? r : period - 1 - r;
    }
}
