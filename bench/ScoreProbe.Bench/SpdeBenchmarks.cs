using BenchmarkDotNet.Attributes;
using ScoreProbe.Core.Spde;

namespace ScoreProbe.Bench;

/// <summary>One noise realisation of the paper 004 §5 finite-volume SPDE solver over [0, T], 1-D and 2-D.</summary>
[MemoryDiagnoser]
public class SpdeBenchmarks
{
    [Params(1, 2)]
    public int Dim { get; set; }

    [Params(32, 64)]
    public int Cells { get; set; }

    [Benchmark]
    public SpdeRealisation OneRealisation() =>
        new StochasticFiniteVolumeSolver(new SpdeConfig(Dim, Cells, NoiseAmplitude: 0.2, Realisations: 1, Seed: 1)).Run(0);
}
