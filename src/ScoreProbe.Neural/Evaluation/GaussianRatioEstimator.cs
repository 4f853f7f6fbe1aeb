using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// <c>--ratio exact</c> for Gaussian data <c>N(mu, C)</c>: <c>v_t = N(a mu, a^2 C + b^2 I)</c> in closed form
/// (<c>a^2 = alphabar_t</c>, <c>b^2 = 1 - a^2</c>) and <c>u_t</c> the Gaussian with the mean and covariance of the generated
/// states. Exact when the reverse process keeps states Gaussian (an affine score, as for the exact Gaussian score); it is
/// the reference the classifier estimator is measured against.
/// </summary>
public sealed class GaussianRatioEstimator(GaussianDataset data, NoiseSchedule schedule) : IDensityRatioEstimator
{
    public string Name => "exact";

    public IDensityRatio Fit(Tensor generated, Tensor real, int timestep, ulong seed)
    {
        var a2 = schedule.AlphasCumprod[timestep];
        var d = data.Mean.Count;
        var meanV = data.Mean * Math.Sqrt(a2);
        var covarianceV = data.Covariance * a2 + Matrix<double>.Build.DenseIdentity(d) * (1 - a2);
        using var rows = generated.reshape(generated.shape[0], -1);
        var (meanU, covarianceU) = FrechetDistance.MeanAndCovariance(FrechetFeatureDistance.ToMatrix(rows));
        return new GaussianDensityRatio(meanU, covarianceU, meanV, covarianceV);
    }
}
