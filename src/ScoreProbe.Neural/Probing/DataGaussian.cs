using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core;
using ScoreProbe.Core.Targets;
using ScoreProbe.Neural.Data;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// The Gaussian the kernel theory compares a sampler with: the data distribution itself for Gaussian data, and for a mixture the
/// Gaussian with its mean and covariance (whose score is the affine projection of the mixture's score under p_t, by Stein's
/// identity <c>E[grad log p(x) x^T] = -I</c>; the theory then sees only the first two moments).
/// </summary>
public static class DataGaussian
{
    public static bool IsExact(IDataset data) => data is GaussianDataset;

    public static GaussianTarget Of(IDataset data) => data switch
    {
        GaussianDataset g => new GaussianTarget(g.Mean, g.Covariance),
        GaussianMixtureDataset mix => MomentMatched(mix),
        _ => throw new InvalidConfigurationException("data", $"is {data.Name}; the Gaussian prediction needs vector data with known moments (gaussian:d or gmm:d), not images"),
    };

    private static GaussianTarget MomentMatched(GaussianMixtureDataset mix)
    {
        var d = mix.Components[0].Mean.Count;
        var mean = Vector<double>.Build.Dense(d);
        for (var k = 0; k < mix.Components.Count; k++) mean += mix.Weights[k] * mix.Components[k].Mean;
        var covariance = Matrix<double>.Build.Dense(d, d);
        for (var k = 0; k < mix.Components.Count; k++)
        {
            var offset = mix.Components[k].Mean - mean;
            covariance += mix.Weights[k] * (mix.Components[k].Covariance + offset.OuterProduct(offset));
        }
        return new GaussianTarget(mean, covariance);
    }
}
