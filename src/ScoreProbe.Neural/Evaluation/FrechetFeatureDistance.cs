using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.LinearAlgebra;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// FID in the general sense of seed 004 §7.1: the squared Fréchet distance
/// <c>|m_r - m_g|^2 + tr(S_r + S_g - 2 (S_r^{1/2} S_g S_r^{1/2})^{1/2})</c> between Gaussian fits (unbiased covariances)
/// of the features of real and generated samples, computed by <see cref="FrechetDistance"/> in double precision with its
/// linear algebra in libtorch (<see cref="TorchLinearAlgebra"/>).
/// </summary>
public static class FrechetFeatureDistance
{
    public static double Compute(IFeatureExtractor features, Tensor real, Tensor generated)
    {
        using var realFeatures = features.Extract(real);
        using var generatedFeatures = features.Extract(generated);
        return FrechetDistance.SquaredFromSamples(ToMatrix(realFeatures), ToMatrix(generatedFeatures), TorchLinearAlgebra.Instance);
    }

    /// <summary>Copies <c>[N, F]</c> features into a Math.NET matrix, one row per sample (one copy into its column-major storage).</summary>
    public static Matrix<double> ToMatrix(Tensor features)
    {
        using var columnMajor = features.to(ScalarType.Float64).t().contiguous();
        return Matrix<double>.Build.Dense((int)features.shape[0], (int)features.shape[1], columnMajor.data<double>().ToArray());
    }
}
