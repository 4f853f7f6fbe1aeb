using ScoreProbe.Core.MonteCarlo;

namespace ScoreProbe.Core.Tests.MonteCarlo;

public class ConditionalPropagationTests
{
    /// <summary>
    /// Errors of size 1e10 overflow the propagated covariance of some draws. Those draws blew the sampler up: their W2^2 is
    /// +infinity (which the kernel command reports as a blow-up), where the eigen-decomposition used to throw IndexOutOfRange.
    /// </summary>
    [Fact]
    public void Draws_whose_moments_overflow_have_infinite_W2()
    {
        var problem = TestProblems.Build(d: 8, steps: 20);
        var errors = TestProblems.Errors(problem, eps: 1e10);

        var estimate = MonteCarloReference.Run(problem, errors, [0], draws: 20, seed: 1)[0];

        Assert.Equal(double.PositiveInfinity, estimate.Mean);
    }
}
