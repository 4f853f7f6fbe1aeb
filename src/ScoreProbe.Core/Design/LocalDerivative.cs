namespace ScoreProbe.Core.Design;

/// <summary>
/// Derivative of a smooth scalar function of one step's end times by the fourth-order central stencil
/// <c>f'(x) = (f(x-2d) - 8 f(x-d) + 8 f(x+d) - f(x+2d)) / (12 d) + O(d^4)</c>. Used only for the handful of coefficients a sampler step
/// computes in double from its two end times (samplers are not generic in the scalar type); with <c>d = 1e-3 h</c> its relative
/// error is about 1e-12 for the analytic schedules (tested against the exact derivatives of Euler–Maruyama's coefficients).
/// </summary>
public static class LocalDerivative
{
    /// <summary>Relative stencil width: d = Width x (the step's length).</summary>
    public const double Width = 1e-3;

    /// <summary><c>f'(x)</c> for a vector-valued f, each entry differentiated.</summary>
    public static double[] Of(Func<double, double[]> f, double x, double d)
    {
        var m2 = f(x - 2 * d);
        var m1 = f(x - d);
        var p1 = f(x + d);
        var p2 = f(x + 2 * d);
        var result = new double[m2.Length];
        for (var i = 0; i < result.Length; i++) result[i] = (m2[i] - 8 * m1[i] + 8 * p1[i] - p2[i]) / (12 * d);
        return result;
    }
}
