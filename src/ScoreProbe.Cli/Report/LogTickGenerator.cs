using ScottPlot;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// Ticks for an axis that plots log10 of the data (ScottPlot 5 has no log axis: the data are transformed and the
/// ticks relabelled). Spanning three or more powers of ten: major ticks at powers of ten labelled 10ᵏ, minor ticks at
/// 2..9 × 10ᵏ. Spanning less: major ticks at 1, 2, 5 × 10ᵏ (or every m × 10ᵏ when those are too few), labelled
/// with their value.
/// </summary>
public sealed class LogTickGenerator : ITickGenerator
{
    public Tick[] Ticks { get; set; } = [];
    public int MaxTickCount { get; set; } = 10_000;

    private const int MaxMajorTicks = 8;

    public void Regenerate(CoordinateRange range, Edge edge, PixelLength size, Paint paint, LabelStyle labelStyle) =>
        Ticks = Generate(range.Min, range.Max);

    /// <summary>The ticks for plotted coordinates [lo, hi] = [log10 x_min, log10 x_max].</summary>
    public static Tick[] Generate(double lo, double hi)
    {
        if (!(double.IsFinite(lo) && double.IsFinite(hi)) || hi <= lo) return [];
        var first = (int)Math.Floor(lo);
        var last = (int)Math.Ceiling(hi);
        var decadesInside = Enumerable.Range(first, last - first + 1).Where(k => k >= lo && k <= hi).ToArray();
        return decadesInside.Length >= 3 ? DecadeTicks(lo, hi, first, last, decadesInside) : MantissaTicks(lo, hi, first, last);
    }

    private static Tick[] DecadeTicks(double lo, double hi, int first, int last, int[] decades)
    {
        var stride = (int)Math.Ceiling(decades.Length / (double)MaxMajorTicks);
        var majors = decades.Where(k => k % stride == 0).Select(k => Tick.Major(k, PowerOfTen(k)));
        var minors = stride > 1
            ? []
            : Enumerable.Range(first, last - first + 1)
                .SelectMany(k => Enumerable.Range(2, 8).Select(m => k + Math.Log10(m)))
                .Where(p => p >= lo && p <= hi)
                .Select(Tick.Minor);
        return majors.Concat(minors).ToArray();
    }

    private static Tick[] MantissaTicks(double lo, double hi, int first, int last)
    {
        IEnumerable<double> Positions(int[] mantissas) =>
            Enumerable.Range(first, last - first + 1)
                .SelectMany(k => mantissas.Select(m => k + Math.Log10(m)))
                .Where(p => p >= lo - 1e-12 && p <= hi + 1e-12);

        var every = Enumerable.Range(1, 9).ToArray();
        var majors = Positions([1, 2, 5]).ToArray();
        if (majors.Length < 3) majors = Positions(every).ToArray();
        if (majors.Length > MaxMajorTicks) majors = majors.Where((_, i) => i % 2 == 0).ToArray();
        var minors = Positions(every).Where(p => !majors.Any(q => Math.Abs(p - q) < 1e-9));
        return majors.Select(p => Tick.Major(p, NumberFormat.Format(Math.Pow(10, p), 3)))
            .Concat(minors.Select(Tick.Minor))
            .ToArray();
    }

    /// <summary>"10⁻³" with superscript digits, "1" and "10" written plainly.</summary>
    public static string PowerOfTen(int exponent) => exponent switch
    {
        0 => "1",
        1 => "10",
        _ => "10" + string.Concat(exponent.ToString(System.Globalization.CultureInfo.InvariantCulture).Select(Superscript)),
    };

    private static char Superscript(char c) => c switch
    {
        '-' => '⁻',
        '0' => '⁰',
        '1' => '¹',
        '2' => '²',
        '3' => '³',
        _ => (char)('⁴' + (c - '4')),
    };
}
