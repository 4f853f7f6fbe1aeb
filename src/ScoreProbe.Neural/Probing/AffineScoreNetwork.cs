using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// Configuration of an <see cref="AffineScoreNetwork"/>: Gaussian data, the schedule, and an affine score error
/// <c>e_i(x) = -Delta_i x + delta_i</c> per timestep (original basis; timesteps not listed have none). Built in code only; it is not
/// written into checkpoints.
/// </summary>
public sealed record AffineScoreConfig(GaussianDataset Data, NetworkTimeline Timeline, IReadOnlyDictionary<int, SpatialDirection> Errors,
    ScalarType Precision = ScalarType.Float32) : ModelConfig
{
    public override long[] SampleShape => [Data.Mean.Count];

    protected override NoisePredictor Create() => new AffineScoreNetwork(this);
}

/// <summary>
/// A "network" whose score is the exact score of Gaussian data plus a known affine error:
/// <c>s_i(x) = -Sigma_i^{-1}(x - a_i mu) - Delta_i x + delta_i</c>, <c>Sigma_i = a_i^2 C + b_i^2 I</c>, so
/// <c>eps_hat = -b_i s_i(x) = b_i (Sigma_i^{-1} + Delta_i) x - b_i (Sigma_i^{-1} a_i mu + delta_i)</c>. It is the oracle of the residual
/// pipeline (known Delta, delta) and the affine surrogate of a trained network (its fitted coefficients), sampled with the same
/// noise as the network for a control variate. Computes in <see cref="AffineScoreConfig.Precision"/> and returns the input's dtype.
/// </summary>
public sealed class AffineScoreNetwork(AffineScoreConfig config)
    : AffineNoisePredictor(nameof(AffineScoreNetwork), config.Data.Mean.Count, Coefficients(config), config.Precision)
{
    public override ModelConfig Config => config;

    private static (double[] Gains, double[] Offsets) Coefficients(AffineScoreConfig config)
    {
        var (d, steps) = (config.Data.Mean.Count, config.Timeline.Length);
        var gains = new double[steps * d * d];
        var offsets = new double[steps * d];
        var identity = Matrix<double>.Build.DenseIdentity(d);
        for (var i = 0; i < steps; i++)
        {
            double a = config.Timeline.MeanScale(i), b = config.Timeline.NoiseScale(i);
            var precision = (config.Data.Covariance * (a * a) + identity * (b * b)).Inverse();
            var slope = precision.Clone();
            var intercept = precision * config.Data.Mean * a;
            if (config.Errors.TryGetValue(i, out var error))
            {
                if (error.Delta is { } delta) slope += delta;
                if (error.Shift is { } shift) intercept += shift;
            }
            // Row vectors: eps_hat = x (b slope)^T - b intercept.
            (slope.Transpose() * b).ToRowMajorArray().CopyTo(gains, i * d * d);
            (intercept * b).ToArray().CopyTo(offsets, i * d);
        }
        return (gains, offsets);
    }
}
