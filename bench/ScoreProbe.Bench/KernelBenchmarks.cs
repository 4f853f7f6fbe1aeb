using BenchmarkDotNet.Attributes;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Bench;

/// <summary>
/// Kernel prediction cost (issue 2 goal: d = 1024 modes, m = 1000 steps, AR(1), under 1 s on 2 cores).
/// <c>Contract</c> is the complete kernel alone; <c>Predict</c> adds the diagonal-only kernel, E0 and Edisc (everything
/// <c>scoreprobe kernel --draws 0</c> computes). The problem setup (exact-score trajectory) is built once per parameter set.
/// </summary>
[MemoryDiagnoser]
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class KernelBenchmarks
{
    private ReverseProblem _problem = null!;
    private ScoreErrorModel _errors = null!;

    [Params(256, 1024)]
    public int Dim { get; set; }

    [Params(250, 1000)]
    public int Steps { get; set; }

    [GlobalSetup]
    public void Setup() => (_problem, _errors) = KernelProblems.Create(Dim, Steps);

    [Benchmark]
    public KernelTerms[] Contract() => IsotropicModeKernelEngine.Compute(_problem, _errors, [0]);

    [Benchmark]
    public KernelRow[] Predict() => KernelExpansion.Predict(_problem, _errors, [0]);

    [Benchmark]
    public ReverseProblem Setup_ExactTrajectory() => KernelProblems.Create(Dim, Steps).Problem;
}
