using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using ScoreProbe.Core.Metrics;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The Gaussian fit of a feature set that FID compares: mean <c>mu</c> and unbiased covariance <c>sigma</c>, stored as
/// pytorch-fid stores them (<c>numpy.savez(path, mu=mu, sigma=sigma)</c>, float64).
/// </summary>
public sealed record FeatureStatistics(Vector<double> Mu, Matrix<double> Sigma)
{
    public static FeatureStatistics FromFeatures(Matrix<double> features)
    {
        var (mean, covariance) = FrechetDistance.MeanAndCovariance(features);
        return new FeatureStatistics(mean, covariance);
    }

    /// <summary>The squared Fréchet distance to <paramref name="other"/>.</summary>
    public double FrechetTo(FeatureStatistics other)
    {
        if (other.Mu.Count != Mu.Count)
            throw new InvalidConfigurationException($"feature statistics of dimension {other.Mu.Count} and {Mu.Count} cannot be compared; use the same feature network for both");
        return FrechetDistance.Squared(Mu, Sigma, other.Mu, other.Sigma);
    }

    public void Save(string path)
    {
        var d = Mu.Count;
        NpzFile.Write(path, [
            new("mu", NpyArray.FromDoubles([d], Mu.ToArray())),
            new("sigma", NpyArray.FromDoubles([d, d], Sigma.ToRowMajorArray())),
        ]);
    }

    /// <summary>Reads a pytorch-fid statistics file; a missing <c>mu</c> or <c>sigma</c>, or mismatched shapes, is one line.</summary>
    public static FeatureStatistics Load(string path, string parameter)
    {
        var arrays = NpzFile.Read(path);
        if (!arrays.TryGetValue("mu", out var mu))
            throw new InvalidConfigurationException(parameter, $"{path} has no 'mu' array; statistics files hold mu and sigma (numpy.savez(path, mu=mu, sigma=sigma))");
        if (!arrays.TryGetValue("sigma", out var sigma))
            throw new InvalidConfigurationException(parameter, $"{path} has no 'sigma' array; statistics files hold mu and sigma (numpy.savez(path, mu=mu, sigma=sigma))");
        var d = mu.Count;
        if (mu.Shape.Count != 1 || sigma.Shape.Count != 2 || sigma.Shape[0] != d || sigma.Shape[1] != d)
            throw new InvalidConfigurationException(parameter, $"{path}: mu has shape {mu.ShapeText} and sigma {sigma.ShapeText}; sigma must be d x d for a mu of length d");
        var values = sigma.ToDoubles();
        return new FeatureStatistics(Vector<double>.Build.DenseOfArray(mu.ToDoubles()), Matrix<double>.Build.Dense((int)d, (int)d, (i, j) => values[i * d + j]));
    }
}
