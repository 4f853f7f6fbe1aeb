using ScoreProbe.Core.Metrics;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Core.Kernel;

/// <summary>
/// The second-order expansion of <c>E W2^2</c> for errors in the span of fixed trajectories <c>v_0..v_{n-1}</c>: an error
/// <c>e = sum_i xi_i v_i</c> with <c>E xi = a</c> and <c>Cov xi = B</c> gives
/// <c>E W2^2 = F* + sum_i a_i L_i + sum_ij (a a^T + B)_ij G_ij + O(eps^3)</c>, with <c>L_i = &lt;grad F*, y1(v_i)&gt;</c> and
/// <c>G_ij = 1/2 D^2F[v_i, v_j]</c> the complete second-order bilinear form (<see cref="NonCentredKernelExpansion"/> for one mean and
/// one covariance). <c>G_ii</c> comes from a Taylor-2 propagation along <c>v_i</c>, <c>G_ij</c> by polarisation along
/// <c>v_i/|v_i| + v_j/|v_j|</c>: n(n+1)/2 propagations, after which every mean and covariance in the span (bootstrap resamples of
/// repetitions or ensemble members) costs one quadratic form.
/// </summary>
public sealed class ErrorSpanExpansion
{
    private readonly double[] _baseline;
    private readonly Vector<double>[] _linear;
    private readonly Matrix<double>[] _quadratic;

    private ErrorSpanExpansion(IReadOnlyList<int> recorded, double[] baseline, Vector<double>[] linear, Matrix<double>[] quadratic)
    {
        Recorded = recorded.ToArray();
        _baseline = baseline;
        _linear = linear;
        _quadratic = quadratic;
    }

    /// <summary>The grid indices the expansion was recorded at, ascending.</summary>
    public IReadOnlyList<int> Recorded { get; }

    /// <summary>Number of directions n.</summary>
    public int Count => _linear[0].Count;

    /// <summary><c>F* = W2^2(ref, q*_k)</c>, the exact-score value (= E0 + Edisc).</summary>
    public double Baseline(int r) => _baseline[r];

    /// <summary><c>L_i</c> at recorded slot r.</summary>
    public Vector<double> Linear(int r) => _linear[r].Clone();

    /// <summary><c>G_ij</c> at recorded slot r (symmetric).</summary>
    public Matrix<double> Quadratic(int r) => _quadratic[r].Clone();

    /// <summary><c>sum_i a_i L_i</c>: the first-order (systematic) term of the mean a.</summary>
    public double First(int r, Vector<double> mean) => mean.DotProduct(_linear[r]);

    /// <summary><c>sum_ij M_ij G_ij</c> for a second-moment matrix M (a a^T + B).</summary>
    public double Second(int r, Matrix<double> secondMoment) => secondMoment.PointwiseMultiply(_quadratic[r]).Enumerate().Sum();

    /// <summary>The prediction <c>F* + a.L + sum_ij (a a^T + B)_ij G_ij</c>; <paramref name="covariance"/> null means B = 0.</summary>
    public double Predict(int r, Vector<double> mean, Matrix<double>? covariance = null)
    {
        var moment = mean.OuterProduct(mean);
        if (covariance is not null) moment += covariance;
        return _baseline[r] + First(r, mean) + Second(r, moment);
    }

    public static ErrorSpanExpansion Compute(ReverseProblem problem, IReadOnlyList<ErrorTrajectory> directions, IReadOnlyList<int> recorded)
    {
        var n = directions.Count;
        if (n == 0) throw new ArgumentException("the span needs at least one direction");
        if (directions.Any(v => v.Count != problem.EvaluationTimes.Count))
            throw new InvalidConfigurationException($"every direction must cover the sampler's {problem.EvaluationTimes.Count} evaluation times");
        var q = problem.Target.Eigenvectors;
        var norms = directions.Select(v => v.Norm()).ToArray();
        var unit = directions.Select((v, i) => norms[i] > 0 ? v.Scale(1 / norms[i]).InEigenbasis(q) : null).ToArray();
        var pairs = new List<(int I, int J)>();
        for (var i = 0; i < n; i++)
            for (var j = i; j < n; j++)
                if (unit[i] is not null && unit[j] is not null) pairs.Add((i, j));
        var along = new DirectionalExpansion[pairs.Count][];
        Parallel.For(0, pairs.Count, p =>
        {
            var (i, j) = pairs[p];
            SpatialDirection?[] direction = i == j ? unit[i]! : new ErrorTrajectory(unit[i]!).Plus(new ErrorTrajectory(unit[j]!)).Times.ToArray();
            along[p] = DirectionalKernelEngine.AlongDirection(problem, t => direction[t], recorded);
        });
        var index = pairs.Select((pair, p) => (pair, p)).ToDictionary(x => x.pair, x => x.p);
        var baseline = new double[recorded.Count];
        var linear = new Vector<double>[recorded.Count];
        var quadratic = new Matrix<double>[recorded.Count];
        for (var r = 0; r < recorded.Count; r++)
        {
            var (refMean, refVar) = problem.ReferenceMoments(recorded[r]);
            baseline[r] = FrechetDistance.SquaredDiagonal(refMean, refVar, problem.Exact.Mean[recorded[r]], problem.Exact.Variance[recorded[r]]);
            linear[r] = Vector<double>.Build.Dense(n);
            quadratic[r] = Matrix<double>.Build.Dense(n, n);
            foreach (var (i, j) in pairs)
            {
                var expansion = along[index[(i, j)]][r];
                if (i == j)
                {
                    linear[r][i] = norms[i] * expansion.First;
                    quadratic[r][i, i] = norms[i] * norms[i] * expansion.Second.Complete;
                    continue;
                }
                var polar = 0.5 * (expansion.Second.Complete - along[index[(i, i)]][r].Second.Complete - along[index[(j, j)]][r].Second.Complete);
                quadratic[r][i, j] = quadratic[r][j, i] = norms[i] * norms[j] * polar;
            }
        }
        return new ErrorSpanExpansion(recorded, baseline, linear, quadratic);
    }
}
