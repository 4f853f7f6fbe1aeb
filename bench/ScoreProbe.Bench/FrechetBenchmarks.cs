using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.LinearAlgebra;
using ScoreProbe.Peers;

namespace ScoreProbe.Bench;

/// <summary>
/// Fréchet distance cost (issue 12: under 1 s at d = 2048 for n = 500 and n = 10,000) on the peer scripts' hash features:
/// <c>FromStatistics</c> is what pytorch-fid's calculate_frechet_distance times (means and covariances given),
/// <c>FromFeatures</c> the whole path (statistics + distance; the n x n route when n &lt; d). libtorch backend, float64.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class FrechetBenchmarks
{
    private Matrix<double> _a = null!, _b = null!, _c1 = null!, _c2 = null!;
    private Vector<double> _m1 = null!, _m2 = null!;

    [Params(64, 2048)]
    public int Dim { get; set; }

    [Params(500, 10_000)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        (_a, _b) = PeerFeatures.Pair(Samples, Dim);
        (_m1, _c1) = FrechetDistance.MeanAndCovariance(_a, TorchLinearAlgebra.Instance);
        (_m2, _c2) = FrechetDistance.MeanAndCovariance(_b, TorchLinearAlgebra.Instance);
    }

    [Benchmark]
    public double FromStatistics() => FrechetDistance.Squared(_m1, _c1, _m2, _c2, TorchLinearAlgebra.Instance);

    [Benchmark]
    public double FromFeatures() => FrechetDistance.SquaredFromSamples(_a, _b, TorchLinearAlgebra.Instance);
}

/// <summary>The features of bench/peers/frechet_pytorch_fid.py's <c>time</c> mode: uniform(1) and 0.5 uniform(2) + 0.1.</summary>
internal static class PeerFeatures
{
    public static (Matrix<double> A, Matrix<double> B) Pair(int n, int d) =>
        (FromRows(PeerPoints.Uniform(1, n, d), n, d, 1.0, 0.0), FromRows(PeerPoints.Uniform(2, n, d), n, d, 0.5, 0.1));

    private static Matrix<double> FromRows(double[] rowMajor, int n, int d, double scale, double offset) =>
        Matrix<double>.Build.Dense(n, d, (i, j) => scale * rowMajor[(long)i * d + j] + offset);
}
