using MathNet.Numerics.Distributions;

namespace ScoreProbe.Core.Statistics;

/// <summary>
/// Pearson's product-moment correlation r = cov(x, y) / (sd(x) sd(y)) with the two-sided p-value of
/// t = r sqrt((n - 2) / (1 - r^2)) under Student's t with n - 2 degrees of freedom.
/// </summary>
public static class PearsonCorrelation
{
    public static CorrelationTest Compute(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        RequirePairs(x, y, 3);
        var r = Coefficient(x, y);
        return new CorrelationTest(r, TwoSidedTPValue(r, x.Count), x.Count);
    }

    /// <summary>The coefficient alone; NaN when either sample is constant.</summary>
    public static double Coefficient(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        RequirePairs(x, y, 2);
        double mx = x.Average(), my = y.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < x.Count; i++)
        {
            double dx = x[i] - mx, dy = y[i] - my;
            sxy += dx * dy; sxx += dx * dx; syy += dy * dy;
        }
        return Math.Clamp(sxy / Math.Sqrt(sxx * syy), -1.0, 1.0);
    }

    /// <summary>p = 2 P(T_{n-2} &gt; |t|), t = r sqrt((n-2)/(1-r^2)); exactly 0 for |r| = 1 (the scipy convention).</summary>
    internal static double TwoSidedTPValue(double r, int n)
    {
        if (double.IsNaN(r)) return double.NaN;
        var dof = n - 2;
        var denominator = (1.0 - r) * (1.0 + r);
        if (denominator <= 0) return 0.0;
        var t = Math.Abs(r) * Math.Sqrt(dof / denominator);
        return 2.0 * StudentT.CDF(0.0, 1.0, dof, -t);
    }

    internal static void RequirePairs(IReadOnlyList<double> x, IReadOnlyList<double> y, int minimum)
    {
        if (x.Count != y.Count) throw new ArgumentException($"x and y must have equal length (got {x.Count} and {y.Count}).");
        if (x.Count < minimum) throw new ArgumentException($"need at least {minimum} pairs (got {x.Count}).");
    }
}
