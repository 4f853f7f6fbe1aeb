using System.Globalization;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Grids;

/// <summary>
/// Sampling grid <c>t_min = t_0 &lt; t_1 &lt; ... &lt; t_K = T</c> (paper 000 §2.3). The sampler steps from t_{k+1} to t_k,
/// so the grid is walked from its end to its start.
/// </summary>
public sealed class TimeGrid
{
    private readonly double[] _times;

    private TimeGrid(double[] times, string kind)
    {
        _times = times;
        Kind = kind;
    }

    public string Kind { get; }
    public IReadOnlyList<double> Times => _times;
    public int Steps => _times.Length - 1;
    public double this[int k] => _times[k];
    public double TMin => _times[0];
    public double Horizon => _times[^1];

    /// <summary>Largest step gamma = max_k (t_{k+1} - t_k).</summary>
    public double MaxStep => Enumerable.Range(0, Steps).Max(k => _times[k + 1] - _times[k]);

    /// <summary><c>t_k = t_min + k (T - t_min)/K</c>.</summary>
    public static TimeGrid Uniform(int steps, double tMin, double horizon) =>
        FromFractions(steps, tMin, horizon, "uniform", u => u);

    /// <summary><c>t_k = t_min + (T - t_min) (k/K)^2</c>: finer near the data end.</summary>
    public static TimeGrid Quadratic(int steps, double tMin, double horizon) =>
        FromFractions(steps, tMin, horizon, "quadratic", u => u * u);

    /// <summary>
    /// Karras et al. (2022) spacing in noise level <c>sigma(t) = sqrt(b2(t))/a(t)</c>:
    /// <c>sigma_i = (sigma_max^{1/rho} + i/K (sigma_min^{1/rho} - sigma_max^{1/rho}))^rho</c>, rho = 7, mapped back to t by bisection.
    /// </summary>
    public static TimeGrid Karras(int steps, double tMin, double horizon, IDiffusionSchedule schedule, double rho = 7.0)
    {
        Validate(steps, tMin, horizon);
        return FromLevels(steps, tMin, horizon, "karras", t => Math.Pow(Math.Sqrt(schedule.NoiseVariance(t)) / schedule.MeanScale(t), 1 / rho),
            u => Math.Pow(u, rho));
    }

    /// <summary>
    /// Uniform in log-SNR <c>lambda(t) = log(a(t)^2 / b2(t))</c> (DPM-Solver's "logSNR" spacing): <c>lambda_k</c> evenly spaced from
    /// <c>lambda(t_min)</c> to <c>lambda(T)</c>, mapped back to t by bisection.
    /// </summary>
    public static TimeGrid LogSnr(int steps, double tMin, double horizon, IDiffusionSchedule schedule)
    {
        Validate(steps, tMin, horizon);
        // -lambda increases with t, as the bisection wants.
        return FromLevels(steps, tMin, horizon, "log-snr",
            t => Math.Log(schedule.NoiseVariance(t)) - 2 * Math.Log(schedule.MeanScale(t)), u => u);
    }

    /// <summary>
    /// Times whose level <c>shape(level(t))</c> is evenly spaced between its values at t_min and T; <paramref name="level"/> must increase
    /// with t, and <paramref name="shape"/> maps the evenly spaced variable to the level it targets.
    /// </summary>
    private static TimeGrid FromLevels(int steps, double tMin, double horizon, string kind, Func<double, double> level, Func<double, double> shape)
    {
        double lMin = level(tMin), lMax = level(horizon);
        var times = new double[steps + 1];
        times[0] = tMin;
        times[steps] = horizon;
        for (var k = 1; k < steps; k++)
        {
            var target = shape(lMin + (double)k / steps * (lMax - lMin));
            double lo = tMin, hi = horizon;
            for (var it = 0; it < 200 && hi - lo > 1e-15 * horizon; it++)
            {
                var mid = 0.5 * (lo + hi);
                if (shape(level(mid)) < target) lo = mid; else hi = mid;
            }
            times[k] = 0.5 * (lo + hi);
        }
        return Custom(times, kind);
    }

    /// <summary>A user grid: strictly increasing, positive times.</summary>
    public static TimeGrid Custom(IReadOnlyList<double> times, string kind = "custom")
    {
        if (times.Count < 2) throw new InvalidConfigurationException($"a grid needs at least 2 times (got {times.Count})");
        if (!(times[0] > 0)) throw new InvalidConfigurationException($"grid times must be positive (t_0 = {times[0]}); use a truncation t_min > 0");
        for (var k = 1; k < times.Count; k++)
            if (!(times[k] > times[k - 1]))
                throw new InvalidConfigurationException($"grid times must increase strictly (t_{k - 1} = {times[k - 1]}, t_{k} = {times[k]})");
        return new TimeGrid(times.ToArray(), kind);
    }

    /// <summary>The grid families by name: uniform, quadratic, karras, log-snr.</summary>
    public static readonly IReadOnlyList<string> Families = ["uniform", "quadratic", "karras", "log-snr"];

    /// <summary>
    /// A grid that ends at the data, <c>t_0 = 0 &lt; t_1 &lt; ... &lt; t_K</c>, for discrete samplers whose last step lands on
    /// <c>alphabar = 1</c> (diffusers' DDPM and DDIM step from timestep 0 to clean data, t = 0 of <see cref="Schedules.DiscreteDdpmSchedule"/>).
    /// <paramref name="positiveTimes"/> are t_1..t_K. Samplers that evaluate the score at t_{k+1} only never call it at t = 0.
    /// </summary>
    public static TimeGrid EndingAtData(IReadOnlyList<double> positiveTimes, string kind = "custom")
    {
        if (positiveTimes.Count == 0) throw new InvalidConfigurationException("a grid needs at least one time after t_0 = 0");
        double[] positive = positiveTimes.Count == 1 ? [Guard.Positive("t-min", positiveTimes[0])] : Custom(positiveTimes, kind)._times;
        return new TimeGrid([0.0, .. positive], kind);
    }

    public static TimeGrid Create(string kind, int steps, double tMin, double horizon, IDiffusionSchedule schedule) => kind switch
    {
        "uniform" => Uniform(steps, tMin, horizon),
        "quadratic" => Quadratic(steps, tMin, horizon),
        "karras" => Karras(steps, tMin, horizon, schedule),
        "log-snr" => LogSnr(steps, tMin, horizon, schedule),
        _ => throw new InvalidConfigurationException("grid",
            $"must be one of {string.Join(", ", Families)} or custom:t0,t1,...,tK with increasing times (got '{kind}')"),
    };

    /// <summary>
    /// A grid from its name: a family of <see cref="Families"/> with <paramref name="steps"/> steps from <paramref name="tMin"/> to the
    /// schedule's horizon, or <c>custom:t0,t1,...,tK</c> (then steps and t_min come from the list).
    /// </summary>
    public static TimeGrid Parse(string spec, int steps, double tMin, IDiffusionSchedule schedule)
    {
        const string prefix = "custom:";
        if (!spec.StartsWith(prefix, StringComparison.Ordinal)) return Create(spec, steps, tMin, schedule.Horizon, schedule);
        var parts = spec[prefix.Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var times = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], NumberStyles.Float, CultureInfo.InvariantCulture, out times[i]) || !double.IsFinite(times[i]))
                throw new InvalidConfigurationException("grid", $"entry '{parts[i]}' of custom: is not a finite number; write custom:t0,t1,...,tK with increasing times");
        return Custom(times);
    }

    /// <summary>The grid as a <c>custom:t0,...,tK</c> string that <see cref="Parse"/> reads back exactly (round-trip format).</summary>
    public string ToCustomSpec() => "custom:" + string.Join(",", _times.Select(t => t.ToString("R", CultureInfo.InvariantCulture)));

    private static TimeGrid FromFractions(int steps, double tMin, double horizon, string kind, Func<double, double> shape)
    {
        Validate(steps, tMin, horizon);
        var times = Enumerable.Range(0, steps + 1).Select(k => tMin + (horizon - tMin) * shape((double)k / steps)).ToArray();
        times[steps] = horizon;
        return new TimeGrid(times, kind);
    }

    private static void Validate(int steps, double tMin, double horizon)
    {
        Guard.AtLeast("steps", steps, 1);
        Guard.InOpenRange("t-min", tMin, 0, horizon, $"the grid runs from t_min to the horizon T = {horizon}");
    }
}
