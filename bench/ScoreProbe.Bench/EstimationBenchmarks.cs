using BenchmarkDotNet.Attributes;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Bench;

/// <summary>Cost of the paper 000 §7 estimators: per-repetition affine refits and the covariance structures, m grid times, p = 2d modes.</summary>
[MemoryDiagnoser]
public class EstimationBenchmarks
{
    private ResidualSet _residuals = null!;
    private Matrix<double> _samples = null!;

    [Params(8, 32)]
    public int Times { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _residuals = new SyntheticResidualModel(Times, Repetitions: 200, Batch: 64, Dim: 2, Rho: 0.7).Sample(1);
        _samples = CoefficientSamples.Fit(_residuals, 0, diagonalDelta: true).Stacked;
    }

    [Benchmark]
    public CoefficientSamples AffineRefits() => CoefficientSamples.Fit(_residuals, 0, diagonalDelta: true);

    [Benchmark]
    public TimeCovarianceEstimate Unrestricted() => new UnrestrictedCovariance().Fit(_samples, Times, 4);

    [Benchmark]
    public TimeCovarianceEstimate BandedWithValidation() => new BandedCovariance().Fit(_samples, Times, 4);

    [Benchmark]
    public TimeCovarianceEstimate LowRankWithValidation() => new LowRankTimeCovariance().Fit(_samples, Times, 4);

    [Benchmark]
    public TimeCovarianceEstimate Separable() => new SeparableExponentialCovariance().Fit(_samples, Times, 4);

    [Benchmark]
    public TimeCovarianceEstimate PsdProjection() => new UnrestrictedCovariance().Fit(_samples, Times, 4).ProjectedToPsd();
}
