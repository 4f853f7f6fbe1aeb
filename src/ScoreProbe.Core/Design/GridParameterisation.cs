namespace ScoreProbe.Core.Design;

/// <summary>
/// The monotone grids <c>t_min = t_0 &lt; ... &lt; t_K = T</c> as an unconstrained vector theta in R^K (softmax of log-increments):
/// <c>w = softmax(theta)</c>, <c>t_k = t_min + (T - t_min) sum_{j&lt;k} w_j</c>. Every theta gives a feasible grid and every feasible
/// grid has a theta (<c>theta_j = log(t_{j+1} - t_j)</c>, up to an additive constant, which the map ignores).
/// </summary>
public sealed class GridParameterisation(int steps, double tMin, double horizon)
{
    public int Steps { get; } = steps;
    public double TMin { get; } = tMin;
    public double Horizon { get; } = horizon;

    public double[] Times(IReadOnlyList<double> theta)
    {
        var w = Softmax(theta);
        var times = new double[Steps + 1];
        times[0] = TMin;
        var cumulative = 0.0;
        for (var k = 1; k < Steps; k++)
        {
            cumulative += w[k - 1];
            times[k] = TMin + (Horizon - TMin) * cumulative;
        }
        times[Steps] = Horizon;
        return times;
    }

    public double[] Theta(IReadOnlyList<double> times)
    {
        if (times.Count != Steps + 1) throw new ArgumentException($"a grid of {Steps} steps has {Steps + 1} times");
        return Enumerable.Range(0, Steps).Select(k => Math.Log(times[k + 1] - times[k])).ToArray();
    }

    /// <summary>
    /// Chain rule from <c>g_k = dJ/dt_k</c> (interior k = 1..K-1; entries 0 and K ignored) to <c>dJ/dtheta_l</c>:
    /// <c>dt_k/dtheta_l = (T - t_min) w_l (1{l &lt; k} - W_k)</c> with <c>W_k = sum_{j&lt;k} w_j</c>.
    /// </summary>
    public double[] ThetaGradient(IReadOnlyList<double> theta, IReadOnlyList<double> timeGradient)
    {
        var w = Softmax(theta);
        var span = Horizon - TMin;
        double weighted = 0, cumulative = 0;
        for (var k = 1; k < Steps; k++)
        {
            cumulative += w[k - 1];
            weighted += timeGradient[k] * cumulative;
        }
        var result = new double[Steps];
        var tail = 0.0; // sum_{k > l} g_k over interior k
        for (var l = Steps - 1; l >= 0; l--)
        {
            result[l] = span * w[l] * (tail - weighted);
            if (l >= 1) tail += timeGradient[l];
        }
        return result;
    }

    private double[] Softmax(IReadOnlyList<double> theta)
    {
        if (theta.Count != Steps) throw new ArgumentException($"theta needs {Steps} entries");
        var max = theta.Max();
        var e = theta.Select(x => Math.Exp(x - max)).ToArray();
        var sum = e.Sum();
        return e.Select(x => x / sum).ToArray();
    }
}
