using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// A general (non-separable) Gaussian error process given by independent unit-variance trajectories
/// <c>w_j = (Delta_{j,n}, delta_{j,n})_n</c>: <c>Z = sum_j xi_j w_j</c>, so <c>Cov(Z_a, Z_b) = sum_j w_j(a) w_j(b)^T</c>.
/// Any PSD joint covariance over (time, vec Delta, delta) — an estimate from residuals, say — becomes one through its
/// eigen-decomposition; cross-covariances between Delta and delta, and between times, are kept.
/// </summary>
public sealed class TrajectoryErrorModel : IScoreErrorModel
{
    private readonly IReadOnlyList<SpatialDirection?[]> _trajectories;

    public TrajectoryErrorModel(string name, int dimension, int times, IReadOnlyList<SpatialDirection?[]> trajectories)
    {
        if (trajectories.Any(w => w.Length != times)) throw new ArgumentException("every trajectory needs one entry per evaluation time");
        Name = name;
        Dimension = dimension;
        Times = times;
        _trajectories = trajectories;
    }

    public string Name { get; }
    public int Dimension { get; }
    public int Times { get; }
    public int Count => _trajectories.Count;

    /// <summary>The trajectories w_j (original basis).</summary>
    public IReadOnlyList<SpatialDirection?[]> Trajectories => _trajectories;

    public double MarginalMagnitude(int n) => _trajectories.Sum(w => w[n] is { } s
        ? (s.Delta is null ? 0 : Math.Pow(s.Delta.FrobeniusNorm(), 2)) + (s.Shift?.DotProduct(s.Shift) ?? 0)
        : 0);

    /// <summary>Each trajectory cut into its single-time pieces: the block (n, n) is kept, every cross-time block vanishes.</summary>
    public IScoreErrorModel DiagonalInTime() => new TrajectoryErrorModel($"{Name}-diagonal", Dimension, Times,
        _trajectories.SelectMany(w => Enumerable.Range(0, Times).Where(n => w[n] is not null).Select(n =>
        {
            var piece = new SpatialDirection?[Times];
            piece[n] = w[n];
            return piece;
        })).ToArray());

    public IEnumerable<Func<int, SpatialDirection?>> Perturbations(Matrix<double> q)
    {
        foreach (var w in Rotated(q))
            yield return n => w[n];
    }

    public Func<Random, ErrorDraw> Sampler(Matrix<double> q)
    {
        var rotated = Rotated(q);
        return rng =>
        {
            var delta = new Matrix<double>?[Times];
            var shift = new Vector<double>?[Times];
            foreach (var w in rotated)
            {
                var xi = Gaussian.Next(rng);
                for (var n = 0; n < Times; n++)
                {
                    if (w[n]?.Delta is { } dm) (delta[n] ??= Matrix<double>.Build.Dense(Dimension, Dimension)).Add(xi * dm, delta[n]);
                    if (w[n]?.Shift is { } dv) (shift[n] ??= Vector<double>.Build.Dense(Dimension)).Add(xi * dv, shift[n]);
                }
            }
            return new ErrorDraw(delta, shift);
        };
    }

    private SpatialDirection?[][] Rotated(Matrix<double> q) => _trajectories.Select(w => w.Select(s => s?.Rotate(q)).ToArray()).ToArray();
}
