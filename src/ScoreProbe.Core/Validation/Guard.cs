using System.Globalization;

namespace ScoreProbe.Core.Validation;

/// <summary>
/// Range checks that engines run on their own parameters. Each returns the value when it is acceptable and otherwise
/// throws <see cref="InvalidConfigurationException"/> naming the parameter, the value received and the accepted range.
/// NaN and infinities fail every floating-point check unless a check says otherwise.
/// </summary>
public static class Guard
{
    public static int AtLeast(string parameter, int value, int minimum, string? fix = null) =>
        value >= minimum ? value : throw Fail(parameter, $"must be >= {minimum} (got {value})", fix);

    public static int InRange(string parameter, int value, int minimum, int maximum, string? fix = null) =>
        value >= minimum && value <= maximum ? value : throw Fail(parameter, $"must lie in [{minimum}, {maximum}] (got {value})", fix);

    public static long InRange(string parameter, long value, long minimum, long maximum, string? fix = null) =>
        value >= minimum && value <= maximum ? value : throw Fail(parameter, $"must lie in [{minimum}, {maximum}] (got {value})", fix);

    /// <summary>A finite number (not NaN, not ±inf).</summary>
    public static double Finite(string parameter, double value, string? fix = null) =>
        double.IsFinite(value) ? value : throw Fail(parameter, $"must be a finite number (got {Show(value)})", fix);

    /// <summary>A finite number &gt; 0.</summary>
    public static double Positive(string parameter, double value, string? fix = null) =>
        double.IsFinite(value) && value > 0 ? value : throw Fail(parameter, $"must be a finite number > 0 (got {Show(value)})", fix);

    /// <summary>A finite number &gt;= 0.</summary>
    public static double NonNegative(string parameter, double value, string? fix = null) =>
        double.IsFinite(value) && value >= 0 ? value : throw Fail(parameter, $"must be a finite number >= 0 (got {Show(value)})", fix);

    /// <summary>A finite number in the closed interval [minimum, maximum].</summary>
    public static double InRange(string parameter, double value, double minimum, double maximum, string? fix = null) =>
        double.IsFinite(value) && value >= minimum && value <= maximum
            ? value
            : throw Fail(parameter, $"must lie in [{Show(minimum)}, {Show(maximum)}] (got {Show(value)})", fix);

    /// <summary>A finite number in the open interval (minimum, maximum).</summary>
    public static double InOpenRange(string parameter, double value, double minimum, double maximum, string? fix = null) =>
        double.IsFinite(value) && value > minimum && value < maximum
            ? value
            : throw Fail(parameter, $"must lie in ({Show(minimum)}, {Show(maximum)}) (got {Show(value)})", fix);

    /// <summary>One of the listed names (ordinal comparison).</summary>
    public static string OneOf(string parameter, string value, IReadOnlyCollection<string> allowed) =>
        allowed.Contains(value, StringComparer.Ordinal)
            ? value
            : throw new InvalidConfigurationException(parameter, $"must be one of {string.Join(", ", allowed)} (got '{value}')");

    /// <summary>Every entry finite.</summary>
    public static void AllFinite(string parameter, ReadOnlySpan<double> values, string? fix = null)
    {
        for (var i = 0; i < values.Length; i++)
            if (!double.IsFinite(values[i]))
                throw Fail(parameter, $"entry {i} is {Show(values[i])}; every entry must be a finite number", fix);
    }

    /// <summary>The number formatted the way messages show it (invariant culture, round-trippable).</summary>
    public static string Show(double value) => value.ToString("G6", CultureInfo.InvariantCulture);

    private static InvalidConfigurationException Fail(string parameter, string problem, string? fix) =>
        new(parameter, fix is null ? problem : $"{problem}; {fix}");
}
