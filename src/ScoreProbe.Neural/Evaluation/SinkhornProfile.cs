using System.Diagnostics;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Where the time of <see cref="SinkhornDivergence"/> goes, for the bench's <c>peers</c> report: the three cost builds (GEMMs)
/// and the soft-min sweeps over the stored costs, with the number of temperatures and sweeps.
/// </summary>
internal sealed class SinkhornProfile
{
    private readonly Stopwatch _cost = new(), _sweeps = new();

    public double CostSeconds => _cost.Elapsed.TotalSeconds;

    public double SweepSeconds => _sweeps.Elapsed.TotalSeconds;

    /// <summary>Temperatures of the eps-scaling schedule (its length, geomloss' <c>len(eps_list)</c>).</summary>
    public int Temperatures { get; set; }

    /// <summary>Row or column soft-mins over a stored cost, each a full read of it.</summary>
    public int Sweeps { get; private set; }

    public T TimeCost<T>(Func<T> build) => Time(_cost, build);

    public T TimeSweep<T>(Func<T> sweep)
    {
        Sweeps++;
        return Time(_sweeps, sweep);
    }

    private static T Time<T>(Stopwatch clock, Func<T> action)
    {
        clock.Start();
        try { return action(); }
        finally { clock.Stop(); }
    }
}
