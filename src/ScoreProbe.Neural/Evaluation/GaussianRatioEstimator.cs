using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The ratio of two Gaussians for Gaussian data <c>N(mu, C)</c>: <c>v_t = N(a mu, a^2 C + b^2 I)</c> in closed form
/// (<c>a^2 = alphabar_t</c>, <c>b^2 = 1 - a^2</c>) and <c>u_t</c> either the Gaussian with the mean and covariance of the
/// generated states (<c>--ratio exact</c>: exact when the reverse process keeps states Gaussian, as for an affine score) or,
/// for an affine noise predictor, the exact law of the states (<see cref="ForAffineModel"/>, no sampling error at all). It is
/// the reference the classifier estimator is measured against.
/// </summary>
public sealed class GaussianRatioEstimator : IDensityRatioEstimator
{
    private readonly GaussianDataset _data;
    private readonly NoiseSchedule _schedule;
    private readonly IReadOnlyList<(Vector<double> Mean, Matrix<double> Covariance)>? _states;

    /// <summary><c>u_t</c> from the moments of the generated states passed to <see cref="Fit"/>.</summary>
    public GaussianRatioEstimator(GaussianDataset data, NoiseSchedule schedule) : this(data, schedule, null) { }

    private GaussianRatioEstimator(GaussianDataset data, NoiseSchedule schedule, IReadOnlyList<(Vector<double>, Matrix<double>)>? states)
    {
        (_data, _schedule, _states) = (data, schedule, states);
    }

    /// <summary><c>u_t</c> exactly, from <see cref="GaussianReverseMoments"/> of <paramref name="model"/> (the generated states are not used).</summary>
    public static GaussianRatioEstimator ForAffineModel(GaussianNoisePredictor model, GaussianDataset data, NoiseSchedule schedule) =>
        new(data, schedule, GaussianReverseMoments.Propagate(model, schedule));

    public string Name => _states is null ? "exact" : "exact-moments";

    /// <summary><c>v_t = N(a mu, a^2 C + b^2 I)</c>: the data noised forward to <paramref name="timestep"/>.</summary>
    public (Vector<double> Mean, Matrix<double> Covariance) NoisedData(int timestep)
    {
        var a2 = _schedule.AlphasCumprod[timestep];
        return (_data.Mean * Math.Sqrt(a2), _data.Covariance * a2 + Matrix<double>.Build.DenseIdentity(_data.Mean.Count) * (1 - a2));
    }

    /// <summary><c>u_t</c> at <paramref name="timestep"/>: exact, or the moments of <paramref name="generated"/> (required then).</summary>
    public (Vector<double> Mean, Matrix<double> Covariance) GeneratedStates(int timestep, Tensor? generated = null)
    {
        if (_states is not null) return _states[timestep];
        if (generated is null) throw new ArgumentException("without the exact law of the states, u_t needs the generated states");
        using var rows = generated.reshape(generated.shape[0], -1);
        return FrechetDistance.MeanAndCovariance(FrechetFeatureDistance.ToMatrix(rows));
    }

    public IDensityRatio Fit(Tensor generated, Tensor real, int timestep, ulong seed)
    {
        var (meanU, covarianceU) = GeneratedStates(timestep, generated);
        var (meanV, covarianceV) = NoisedData(timestep);
        return new GaussianDensityRatio(meanU, covarianceU, meanV, covarianceV);
    }
}
