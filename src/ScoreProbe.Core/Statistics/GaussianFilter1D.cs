namespace ScoreProbe.Core.Statistics;

/// <summary>
/// One-dimensional Gaussian smoothing identical to scipy.ndimage.gaussian_filter1d(x, sigma, mode="reflect", truncate=4.0):
/// weights w_k proportional to exp(-k^2 / (2 sigma^2)) for |k| &lt;= round(truncate sigma), normalised to sum 1,
/// with the half-sample symmetric extension (d c b a | a b c d | d c b a) at both ends.
/// </summary>
/// <remarks>
/// <see cref="OnSubgrid"/> is the same filter when the signal is known only at some positions of the full grid: every
/// kernel tap is folded into the grid by the reflect extension, taps that land on a known position keep their weight,
/// and each row is normalised to sum 1 (a Nadaraya–Watson smoother in grid distance). On the full grid it is exactly
/// <see cref="Apply"/>.
/// </remarks>
public static class GaussianFilter1D
{
    public const double DefaultTruncate = 4.0;

    /// <param name="signal">Input series.</param>
    /// <param name="sigma">Standard deviation of the kernel in samples (&gt; 0).</param>
    /// <param name="truncate">Kernel radius in units of sigma; scipy's radius is int(truncate * sigma + 0.5).</param>
    public static double[] Apply(IReadOnlyList<double> signal, double sigma, double truncate = DefaultTruncate)
    {
        var n = signal.Count;
        if (n == 0) return [];
        return OnSubgrid(Enumerable.Range(0, n).ToArray(), n, sigma, truncate).Apply(signal);
    }

    /// <summary>The filter of a signal of <paramref name="length"/> samples restricted to the known <paramref name="positions"/>.</summary>
    /// <param name="positions">Distinct positions in [0, length) at which the signal is known, in any order.</param>
    /// <param name="length">Length of the full grid; the reflect extension folds at -1/2 and length - 1/2.</param>
    /// <param name="sigma">Kernel standard deviation in grid units (&gt; 0).</param>
    /// <param name="truncate">Kernel radius in units of sigma, as in <see cref="Apply"/>.</param>
    /// <returns>Row i gives output i (at positions[i]); its columns index <paramref name="positions"/>.</returns>
    public static FilterRows OnSubgrid(IReadOnlyList<int> positions, int length, double sigma, double truncate = DefaultTruncate)
    {
        RequireKernel(sigma, length);
        var columnAt = new int[length];
        Array.Fill(columnAt, -1);
        for (var i = 0; i < positions.Count; i++)
        {
            if (positions[i] < 0 || positions[i] >= length) throw new ArgumentOutOfRangeException(nameof(positions), "every position must lie in [0, length).");
            if (columnAt[positions[i]] >= 0) throw new ArgumentException($"position {positions[i]} appears twice.", nameof(positions));
            columnAt[positions[i]] = i;
        }
        var kernel = new Kernel(sigma, truncate, positions.Count);
        return new FilterRows(positions.Select(p => kernel.Row(p, length, columnAt)).ToArray());
    }

    /// <summary>
    /// The rows of the full-grid filter (<see cref="Apply"/>) at the output <paramref name="positions"/>; their columns are
    /// grid positions.
    /// </summary>
    public static FilterRows FullGridRows(IReadOnlyList<int> positions, int length, double sigma, double truncate = DefaultTruncate)
    {
        RequireKernel(sigma, length);
        if (positions.Any(p => p < 0 || p >= length)) throw new ArgumentOutOfRangeException(nameof(positions), "every position must lie in [0, length).");
        var identity = Enumerable.Range(0, length).ToArray();
        var kernel = new Kernel(sigma, truncate, length);
        return new FilterRows(positions.Select(p => kernel.Row(p, length, identity)).ToArray());
    }

    /// <summary>The truncated Gaussian taps and a scratch accumulator over <c>columns</c> output columns.</summary>
    private sealed class Kernel
    {
        private readonly double[] _taps;
        private readonly int _radius;
        private readonly double[] _accumulated;
        private readonly List<int> _touched = [];

        public Kernel(double sigma, double truncate, int columns)
        {
            _radius = (int)(truncate * sigma + 0.5);
            _taps = Enumerable.Range(-_radius, 2 * _radius + 1).Select(k => Math.Exp(-0.5 * k * k / (sigma * sigma))).ToArray();
            _accumulated = new double[columns];
        }

        /// <summary>
        /// Folds every tap around <paramref name="position"/> into the grid of <paramref name="length"/> samples and keeps the
        /// taps that land on a known sample; <paramref name="columnAt"/> gives the column of the sample at a grid position, or -1.
        /// </summary>
        public FilterRow Row(int position, int length, int[] columnAt)
        {
            _touched.Clear();
            var sum = 0.0;
            for (var k = -_radius; k <= _radius; k++)
            {
                var j = columnAt[Reflect(position + k, length)];
                if (j < 0) continue;
                if (_accumulated[j] == 0) _touched.Add(j);
                _accumulated[j] += _taps[k + _radius];
                sum += _taps[k + _radius];
            }
            _touched.Sort();
            var columns = _touched.ToArray();
            var weights = columns.Select(j => _accumulated[j] / sum).ToArray();
            foreach (var j in columns) _accumulated[j] = 0;
            return new FilterRow(columns, weights);
        }
    }

    private static void RequireKernel(double sigma, int length)
    {
        if (!(sigma > 0) || !double.IsFinite(sigma)) throw new ArgumentOutOfRangeException(nameof(sigma), sigma, "sigma must be positive and finite.");
        if (length < 1) throw new ArgumentOutOfRangeException(nameof(length), length, "the grid needs at least one sample.");
    }

    /// <summary>Index into the half-sample symmetric periodic extension of period 2n.</summary>
    private static int Reflect(int index, int n)
    {
        var period = 2 * n;
        var r = ((index % period) + period) % period;
        return r < n ? r : period - 1 - r;
    }
}

/// <summary>One row of a linear filter: output = sum_k <c>Weights[k] * input[Columns[k]]</c>.</summary>
public sealed record FilterRow(int[] Columns, double[] Weights)
{
    /// <summary>The weight on column <paramref name="column"/> (0 when absent).</summary>
    public double WeightOn(int column)
    {
        var k = Array.IndexOf(Columns, column);
        return k < 0 ? 0 : Weights[k];
    }

    /// <summary>sum_k w_k^2: the variance the output of this row takes from unit white input.</summary>
    public double SumOfSquares() => Weights.Sum(w => w * w);
}

/// <summary>A linear filter as sparse rows (one per output sample).</summary>
public sealed record FilterRows(IReadOnlyList<FilterRow> Rows)
{
    public double[] Apply(IReadOnlyList<double> signal) =>
        Rows.Select(row => row.Columns.Select((c, k) => row.Weights[k] * signal[c]).Sum()).ToArray();
}
