namespace ScoreProbe.Core.Tests;

/// <summary>Least-squares slope of log y against log x: the exponent of a power law.</summary>
internal static class Slope
{
    public static double LogLog(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var lx = x.Select(v => Math.Log(v)).ToArray();
        var ly = y.Select(v => Math.Log(Math.Abs(v))).ToArray();
        double mx = lx.Average(), my = ly.Average();
        return lx.Zip(ly, (a, b) => (a - mx) * (b - my)).Sum() / lx.Sum(a => (a - mx) * (a - mx));
    }
}
