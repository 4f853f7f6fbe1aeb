using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Spde;

/// <summary>
/// Fits the energy balance of paper 004 eq. (10), dE/dt = -2 lambda E + eta, to a KL trajectory E(t_r): central
/// differences dE/dt at interior record times are regressed on E by ordinary least squares, so lambda = -slope / 2 and
/// eta = intercept. Fitted to the mean over noise realisations (for Itô-type averages d E[E]/dt = -2 lambda E[E] + eta
/// holds with equality when the inequality is tight), because single paths have rough, noise-dominated differences.
/// </summary>
public sealed record EnergyBalanceFit(double Lambda, double Eta, double LambdaStandardError, double RSquared)
{
    /// <summary>Record times the fit needs: three interior central differences.</summary>
    public const int MinimumPoints = 5;

    /// <summary>The equilibrium level eta / (2 lambda) that the bounded-error band approaches.</summary>
    public double Plateau => Eta / (2 * Lambda);

    /// <summary>The fit, or null when E is (numerically) constant and the slope is undefined.</summary>
    public static EnergyBalanceFit? TryFit(IReadOnlyList<double> times, IReadOnlyList<double> energy)
    {
        if (times.Count != energy.Count || times.Count < MinimumPoints) throw new ArgumentException($"need at least {MinimumPoints} matching (time, energy) points.");
        var e = new List<double>();
        var rate = new List<double>();
        for (var i = 1; i < times.Count - 1; i++)
        {
            e.Add(energy[i]);
            rate.Add((energy[i + 1] - energy[i - 1]) / (times[i + 1] - times[i - 1]));
        }
        var spread = e.Max() - e.Min();
        if (!(spread > 1e-14 * Math.Max(1.0, e.Max(Math.Abs)))) return null;
        var line = LinearFit.Ols(e, rate);
        return new EnergyBalanceFit(-line.Slope / 2, line.Intercept, line.SlopeStandardError / 2, line.RSquared);
    }
}
