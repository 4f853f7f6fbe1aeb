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
    public static MonteCarloEstimate[] Run(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded, int draws, int seed,
        Action<int>? progress = null)
    {
        if (draws < 2) throw new InvalidConfigurationException($"--draws must be 0 (prediction only) or >= 2 (got {draws})");
        var pairs = (draws + 1) / 2;
        var directions = errors.DirectionsInEigenbasis(problem.Target.Eigenvectors).ToArray();
        var samples = new double[pairs][];
        var done = 0;
        Parallel.For(0, pairs, j =>
        {
            var rng = new Random(SeedStreams.Derive(seed, j));
            var draw = errors.Sample(rng, directions);
            var plus = ConditionalPropagation.W2Squared(problem, draw, recorded);
            var minus = ConditionalPropagation.W2Squared(problem, draw.Negate(), recorded);
            samples[j] = plus.Zip(minus, (a, b) => 0.5 * (a + b)).ToArray();
            progress?.Invoke(Interlocked.Increment(ref done));
        });
        return Enumerable.Range(0, recorded.Count)
            .Select(r => MonteCarloEstimate.FromSamples(samples.Select(s => s[r]).ToArray()))
            .ToArray();
    }
}
