using BenchmarkDotNet.Attributes;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Bench;

/// <summary>
/// Monte Carlo against the kernel on the default <c>scoreprobe kernel</c> problem (d = 8, K = 100). The time per antithetic
/// pair, times the number of pairs needed for a 95% half-width equal to the kernel's own error, over the kernel time, is the
/// "equal precision" ratio reported in the README (see <see cref="PrecisionReport"/>).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class MonteCarloBenchmarks
{
    private ReverseProblem _problem = null!;
    private ScoreErrorModel _errors = null!;

    [GlobalSetup]
    public void Setup() => (_problem, _errors) = KernelProblems.Create(8, 100);

    [Benchmark(Baseline = true)]
    public KernelRow[] KernelPredict() => KernelExpansion.Predict(_problem, _errors, [0]);

    [Benchmark]
    public MonteCarloEstimate[] MonteCarlo1000Draws() => MonteCarloReference.Run(_problem, _errors, [0], 1000, seed: 1);
}
