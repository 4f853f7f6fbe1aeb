using BenchmarkDotNet.Attributes;
using ScoreProbe.Neural.Evaluation;
using static TorchSharp.torch;

namespace ScoreProbe.Bench;

/// <summary>
/// The evaluation metrics' own costs, without sampling: Sinkhorn W2 (Appendix B.4 settings) and FID on raw pixels between
/// two clouds of MNIST-16-sized vectors, and one density-ratio classifier fit of SIEM (Appendix B training rules).
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 1, iterationCount: 3)]
public class EvaluationBenchmarks
{
    private Tensor _x = null!;
    private Tensor _y = null!;
    private Tensor _images = null!;
    private Tensor _noised = null!;

    [Params(256, 1024)]
    public int Samples { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        using var generator = new Generator(1);
        _x = rand([Samples, 256], generator: generator) * 2 - 1;
        _y = rand([Samples, 256], generator: generator) * 2 - 1;
        _images = _x.reshape(Samples, 1, 16, 16);
        _noised = randn([Samples, 1, 16, 16], generator: generator);
    }

    [Benchmark]
    public double SinkhornW2() => SinkhornDivergence.W2(_x, _y);

    [Benchmark]
    public double FrechetOfPixels() => FrechetFeatureDistance.Compute(new RawPixelFeatures(), _x, _y);

    [Benchmark]
    public double? DensityRatioClassifierFit()
    {
        using var fit = new ClassifierRatioEstimator().Fit(_images, _noised, 950, seed: 1);
        return fit.ValidationLoss;
    }
}
