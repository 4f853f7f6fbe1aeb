using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.MonteCarlo;

/// <summary>
/// The measured quantity of §8 for errors with a mean: <c>E[W2^2(ref, q_k | mean + Z)]</c>, the closed-form conditional W2^2 averaged
/// over draws Z of the fluctuation. Draws are antithetic around the mean (each sample averages <c>mean + Z</c> and <c>mean - Z</c>),
/// pair j seeded by (seed, j) as in <see cref="MonteCarloReference"/>. Without a fluctuation the value is the exact conditional
/// W2^2 of the mean trajectory.
/// </summary>
public static class NonCentredMonteCarlo
{
    public static MonteCarloEstimate[] Run(ReverseProblem problem, ErrorTrajectory mean, IScoreErrorModel? fluctuation, IReadOnlyList<int> recorded,
        int draws, int seed)
    {
        var centre = mean.ToDraw(problem.Target.Eigenvectors);
        if (fluctuation is null)
            return ConditionalPropagation.W2Squared(problem, centre, recorded).Select(v => new MonteCarloEstimate(v, 0, 1)).ToArray();
        Guard.AtLeast("draws", draws, 2);
        var pairs = (draws + 1) / 2;
        var sample = fluctuation.Sampler(problem.Target.Eigenvectors);
        var samples = new double[pairs][];
        Parallel.For(0, pairs, j =>
        {
            var draw = sample(new Random(SeedStreams.Derive(seed, j)));
            var plus = ConditionalPropagation.W2Squared(problem, centre.Plus(draw), recorded);
            var minus = ConditionalPropagation.W2Squared(problem, centre.Plus(draw.Negate()), recorded);
            samples[j] = plus.Zip(minus, (a, b) => 0.5 * (a + b)).ToArray();
        });
        return Enumerable.Range(0, recorded.Count).Select(r => MonteCarloEstimate.FromSamples(samples.Select(s => s[r]).ToArray())).ToArray();
    }
}
