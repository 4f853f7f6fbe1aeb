using ScoreProbe.Core.Validation;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Core.MonteCarlo;

/// <summary>
/// The measured quantity of §8: <c>E_errors[W2^2(ref, N(m_k | errors, Sigma_k | errors))]</c>, the average of the closed-form
/// conditional W2^2 over independent draws of the whole error trajectory, with a 95% interval.
/// Draws come in antithetic pairs (Z, -Z) whose average is one sample: the first-order fluctuation cancels exactly, which
/// shrinks the interval without biasing the mean. Pair j draws from its own generator seeded by (seed, j), so results do not
/// depend on thread scheduling.
/// </summary>
public static class MonteCarloReference
{
    public static MonteCarloEstimate[] Run(ReverseProblem problem, IScoreErrorModel errors, IReadOnlyList<int> recorded, int draws, int seed,
        Action<int>? progress = null)
    {
        Guard.AtLeast("draws", draws, 2, "use 0 for a prediction only");
        var pairs = (draws + 1) / 2;
        var sample = errors.Sampler(problem.Target.Eigenvectors);
        var samples = new double[pairs][];
        var done = 0;
        Parallel.For(0, pairs, j =>
        {
            var rng = new Random(SeedStreams.Derive(seed, j));
            var draw = sample(rng);
            var plus = ConditionalPropagation.W2Squared(problem, draw, recorded);
            var minus = ConditionalPropagation.W2Squared(problem, draw.Negate(), recorded);
            samples[j] = plus.Zip(minus, (a, b) => 0.5 * (a + b)).ToArray();
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return Enumerable.Range(0, recorded.Count)
            .Select(r => MonteCarloEstimate.FromSamples(samples.Select(s => s[r]).ToArray()))
            .ToArray();
    }

    /// <summary>
    /// The remainder <c>E W2^2 - W2^2(ref, q*) - Q_complete</c> measured with the quadratic term of each draw as an exact control
    /// variate (<see cref="Kernel.DirectionalKernelEngine.QuadraticTermOfDraw"/>, whose mean is Q_complete): each sample is
    /// <c>(F(Z) + F(-Z))/2 - F* - q(Z)</c>, of order eps^4 draw by draw, so the interval resolves remainders far below Q itself.
    /// </summary>
    public static MonteCarloEstimate[] Remainder(ReverseProblem problem, IScoreErrorModel errors, IReadOnlyList<int> recorded, int draws, int seed)
    {
        Guard.AtLeast("draws", draws, 2);
        var pairs = (draws + 1) / 2;
        var sample = errors.Sampler(problem.Target.Eigenvectors);
        var baseline = recorded.Select(k =>
        {
            var (refMean, refVar) = problem.ReferenceMoments(k);
            return Metrics.FrechetDistance.SquaredDiagonal(refMean, refVar, problem.Exact.Mean[k], problem.Exact.Variance[k]);
        }).ToArray();
        var samples = new double[pairs][];
        Parallel.For(0, pairs, j =>
        {
            var rng = new Random(SeedStreams.Derive(seed, j));
            var draw = sample(rng);
            var plus = ConditionalPropagation.W2Squared(problem, draw, recorded);
            var minus = ConditionalPropagation.W2Squared(problem, draw.Negate(), recorded);
            var quadratic = Kernel.DirectionalKernelEngine.QuadraticTermOfDraw(problem, draw, recorded);
            samples[j] = recorded.Select((_, r) => 0.5 * (plus[r] + minus[r]) - baseline[r] - quadratic[r].Complete).ToArray();
        });
        return Enumerable.Range(0, recorded.Count)
            .Select(r => MonteCarloEstimate.FromSamples(samples.Select(s => s[r]).ToArray()))
            .ToArray();
    }
}
