using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Configuration of a <see cref="GaussianNoisePredictor"/>: the exact noise prediction for Gaussian data plus a score error
/// that is constant in space at each timestep, <c>s_theta(x, t) = grad log v_t(x) + delta_t</c>: a rough error
/// <c>delta_t = -(amplitude / b_t) w_t</c>, <c>w_t ~ N(0, I)</c> drawn independently for every timestep from <paramref name="ErrorSeed"/>
/// (white in time: a discretised <c>dW_Q</c> source, seed 004 §4), plus, when given, <paramref name="ScoreOffsets"/>
/// (<c>[T][d]</c>, data basis: any error process, for example paper 000's correlated errors). Built in code only; it is
/// not written into checkpoints.
/// </summary>
public sealed record GaussianNoiseConfig(
    GaussianDataset Data, NoiseSchedule Schedule, double ErrorAmplitude = 0, ulong ErrorSeed = 0, IReadOnlyList<double[]>? ScoreOffsets = null) : ModelConfig
{
    public override long[] SampleShape => [Data.Mean.Count];

    protected override NoisePredictor Create() => new GaussianNoisePredictor(this);
}

/// <summary>
/// <c>eps(x, t) = x G_t - c_t</c>, an affine map: <c>G_t = b Sigma_t^{-1}</c> with <c>Sigma_t = a^2 C + b^2 I</c>, <c>a^2 = alphabar_t</c>,
/// <c>b^2 = 1 - a^2</c>, makes <c>-eps/b</c> the exact score of the noised Gaussian data, and
/// <c>c_t = G_t a mu + b delta_t</c> adds the configured score error <c>delta_t</c> (<c>s_theta = -eps / b</c>). Has no trainable
/// parameters; <see cref="AffineNoisePredictor.Affine"/> gives the coefficients the network uses, in double precision.
/// </summary>
public sealed class GaussianNoisePredictor(GaussianNoiseConfig config)
    : AffineNoisePredictor(nameof(GaussianNoisePredictor), config.Data.Mean.Count, Coefficients(config), ScalarType.Float32)
{
    public override ModelConfig Config => config;

    private static (double[] Gains, double[] Offsets) Coefficients(GaussianNoiseConfig config)
    {
        var (d, steps) = (config.Data.Mean.Count, config.Schedule.Length);
        if (config.ScoreOffsets is { } given && (given.Count != steps || given.Any(o => o.Length != d)))
            throw new ArgumentException($"score offsets must be [{steps}][{d}] (got [{given.Count}][...])");
        var gains = new double[steps * d * d];
        var offsets = new double[steps * d];
        for (var t = 0; t < steps; t++)
        {
            var a2 = config.Schedule.AlphasCumprod[t];
            var b = Math.Sqrt(1 - a2);
            // Row-vector convention: eps = x G - c with G = b Sigma^{-1} (symmetric), c = G a mu + b delta.
            var gain = (config.Data.Covariance * a2 + Matrix<double>.Build.DenseIdentity(d) * (1 - a2)).Inverse() * b;
            gain.ToRowMajorArray().CopyTo(gains, t * d * d);
            var offset = gain * config.Data.Mean * Math.Sqrt(a2);
            if (config.ScoreOffsets is { } scoreOffsets) offset += Vector<double>.Build.DenseOfArray(scoreOffsets[t]) * b;
            offset.ToArray().CopyTo(offsets, t * d);
        }
        using var generator = new Generator(config.ErrorSeed);
        // The rough error enters eps as +amplitude w_t, i.e. the score as -(amplitude / b) w_t.
        using var rough = tensor(offsets).reshape(steps, d) - config.ErrorAmplitude * randn([steps, d], ScalarType.Float64, generator: generator);
        return (gains, rough.data<double>().ToArray());
    }
}
