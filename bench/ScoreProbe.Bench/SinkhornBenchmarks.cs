using BenchmarkDotNet.Attributes;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Peers;
using static TorchSharp.torch;

namespace ScoreProbe.Bench;

/// <summary>
/// Sinkhorn W2 at the paper's dimension (3072 = 3 x 32 x 32) and Appendix B.4 settings (blur 0.05, scaling 0.9), on the
/// peer script's points x = uniform(1), y = uniform(2) + 0.25. n = 10,000 is the paper's size (issue 12: peak memory
/// under 2 GB; `peers` measures it beside geomloss).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 0, iterationCount: 1, invocationCount: 1)]
public class SinkhornBenchmarks
{
    private Tensor _x = null!, _y = null!;

    [Params(1000, 10_000)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup() => (_x, _y) = PeerClouds.Pair(Samples, 3072);

    [Benchmark]
    public double W2() => SinkhornDivergence.W2(_x, _y);
}

/// <summary>The clouds of bench/peers/sinkhorn_geomloss.py's <c>time</c> mode, float64 (the shift in place: no third cloud-sized tensor).</summary>
internal static class PeerClouds
{
    public static (Tensor X, Tensor Y) Pair(int n, int d) =>
        (tensor(PeerPoints.Uniform(1, n, d), [n, d]), tensor(PeerPoints.Uniform(2, n, d), [n, d]).add_(0.25));
}
