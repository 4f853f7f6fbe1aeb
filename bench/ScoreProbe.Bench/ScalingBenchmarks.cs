using BenchmarkDotNet.Attributes;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Bench;

/// <summary>How the complete-kernel contraction scales with the number of steps m and the dimension d (expected O(m d^2) with Delta errors).</summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class ScalingBenchmarks
{
    private ReverseProblem _problem = null!;
    private ScoreErrorModel _errors = null!;

    [Params("m=125,d=256", "m=250,d=256", "m=500,d=256", "m=1000,d=256", "m=250,d=128", "m=250,d=512", "m=250,d=1024")]
    public string Size { get; set; } = "";

    [GlobalSetup]
    public void Setup()
    {
        var parts = Size.Split(',').Select(p => int.Parse(p[2..])).ToArray();
        (_problem, _errors) = KernelProblems.Create(parts[1], parts[0]);
    }

    [Benchmark]
    public KernelTerms[] Contract() => IsotropicModeKernelEngine.Compute(_problem, _errors, [0]);
}
