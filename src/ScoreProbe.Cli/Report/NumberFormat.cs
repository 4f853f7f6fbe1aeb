using System.Globalization;

namespace ScoreProbe.Cli.Report;

/// <summary>How the report prints numbers: four significant digits, scientific notation outside [1e-3, 1e5).</summary>
public static class NumberFormat
{
    public static string Format(double value, int significantDigits = 4)
    {
        if (double.IsNaN(value)) return "NaN";
        if (double.IsInfinity(value)) return value > 0 ? "∞" : "−∞";
        var magnitude = Math.Abs(value);
        if (magnitude == 0) return "0";
        if (magnitude is < 1e-3 or >= 1e5)
            return value.ToString("0." + new string('#', significantDigits - 1) + "e+0", CultureInfo.InvariantCulture);
        var decimals = Math.Max(0, significantDigits - 1 - (int)Math.Floor(Math.Log10(magnitude)));
        var text = value.ToString("F" + decimals, CultureInfo.InvariantCulture);
        return text.Contains('.') ? text.TrimEnd('0').TrimEnd('.') : text;
    }
}
