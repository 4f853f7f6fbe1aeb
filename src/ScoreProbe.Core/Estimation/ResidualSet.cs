namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Score residuals R_t = s_hat_t(X_t) - grad log p_t(X_t) with their states X_t (paper 000 §7, "Observable residuals"),
/// on m grid times t_a, for R independent repetitions r of a batch of B coupled draws j. Every (r, a) cell holds
/// exactly B pairs (x, R) in R^d. Storage is flat, index ((r m + a) B + j) d + i.
/// File layouts: <see cref="ResidualCsv"/> and <see cref="ResidualBinary"/>.
/// </summary>
public sealed class ResidualSet
{
    private readonly double[] _states;
    private readonly double[] _residuals;
    private readonly double[] _times;

    public ResidualSet(IReadOnlyList<double> times, int repetitions, int batch, int dim, double[] states, double[] residuals)
    {
        if (times.Count < 1) throw new ArgumentException("need at least one grid time.");
        if (repetitions < 1 || batch < 1 || dim < 1) throw new ArgumentException($"repetitions, batch and dim must be positive (got {repetitions}, {batch}, {dim}).");
        var expected = (long)repetitions * times.Count * batch * dim;
        if (states.Length != expected || residuals.Length != expected)
            throw new ArgumentException($"expected {expected} state and residual values (R={repetitions}, m={times.Count}, B={batch}, d={dim}); got {states.Length} and {residuals.Length}.");
        if (states.Any(v => !double.IsFinite(v)) || residuals.Any(v => !double.IsFinite(v))) throw new ArgumentException("states and residuals must be finite.");
        _times = times.ToArray();
        Repetitions = repetitions;
        Batch = batch;
        Dim = dim;
        _states = states;
        _residuals = residuals;
    }

    /// <summary>The grid times t_a, a = 0..m-1.</summary>
    public IReadOnlyList<double> Times => _times;

    /// <summary>m, the number of grid times.</summary>
    public int TimeCount => _times.Length;

    public int Repetitions { get; }

    public int Batch { get; }

    public int Dim { get; }

    /// <summary>X_{t_a}^{(r, j)}.</summary>
    public ReadOnlySpan<double> State(int rep, int time, int draw) => _states.AsSpan(Offset(rep, time, draw), Dim);

    /// <summary>R_{t_a}^{(r, j)}.</summary>
    public ReadOnlySpan<double> Residual(int rep, int time, int draw) => _residuals.AsSpan(Offset(rep, time, draw), Dim);

    /// <summary>Sets with identical times, batch and dimension, one after the other along the repetition axis.</summary>
    public static ResidualSet Concatenate(IReadOnlyList<ResidualSet> sets)
    {
        if (sets.Count == 0) throw new ArgumentException("concatenate at least one set.");
        var first = sets[0];
        if (sets.Any(s => s.Batch != first.Batch || s.Dim != first.Dim || !s.Times.SequenceEqual(first.Times)))
            throw new ArgumentException("sets to concatenate must share times, batch and dimension.");
        return new ResidualSet(first.Times, sets.Sum(s => s.Repetitions), first.Batch, first.Dim,
            sets.SelectMany(s => s._states).ToArray(), sets.SelectMany(s => s._residuals).ToArray());
    }

    private int Offset(int rep, int time, int draw) => ((rep * TimeCount + time) * Batch + draw) * Dim;
}
