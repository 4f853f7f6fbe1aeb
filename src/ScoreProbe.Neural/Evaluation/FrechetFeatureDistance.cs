using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// FID in the general sense of seed 004 §7.1: the squared Fréchet distance
/// <c>|m_r - m_g|^2 + tr(S_r + S_g - 2 (S_r^{1/2} S_g S_r^{1/2})^{1/2})</c> between Gaussian fits (unbiased covariances)
/// of the features of real and generated samples, computed by <see cref="FrechetDistance"/> in double precision.
/// </summary>
public static class FrechetFeatureDistance
{
    public static double Compute(IFeatureExtractor features, Tensor real, Tensor generated)
    {
        using var realFeatures = features.Extract(real);
        using var generatedFeatures = features.Extract(generated);
        return FrechetDistance.SquaredFromSamples(ToMatrix(realFeatures), ToMatrix(generatedFeatures));
    }

    /// <summary>Copies <c>[N, F]</c> features into a Math.NET matrix, one row per sample.</summary>
    public static Matrix<double> ToMatrix(Tensor features)
    {
        using var asDouble = features.to(ScalarType.Float64).contiguous();
        var values = asDouble.data<double>().ToArray();
        var columns = (int)features.shape[1];
        return Matrix<double>.Build.Dense((int)features.shape[0], columns, (i, j) => values[i * columns + j]);
    }
}
