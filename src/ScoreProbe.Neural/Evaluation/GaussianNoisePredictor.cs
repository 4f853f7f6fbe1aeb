using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Configuration of a <see cref="GaussianNoisePredictor"/>: the exact noise prediction for Gaussian data plus an optional
/// rough error <c>amplitude * w_t</c>, <c>w_t ~ N(0, I)</c> drawn independently for every timestep from
/// <paramref name="ErrorSeed"/> (white in time, constant in space: a discretised <c>dW_Q</c> source, seed 004 §4).
/// Built in code only; it is not written into checkpoints.
/// </summary>
public sealed record GaussianNoiseConfig(GaussianDataset Data, NoiseSchedule Schedule, double ErrorAmplitude = 0, ulong ErrorSeed = 0) : ModelConfig
{
    public override long[] SampleShape => [Data.Mean.Count];

    protected override NoisePredictor Create() => new GaussianNoisePredictor(this);
}

/// <summary>
/// <c>eps*(x, t) = b Sigma_t^{-1} (x - a mu)</c> with <c>Sigma_t = a^2 C + b^2 I</c>, <c>a^2 = alphabar_t</c>,
/// <c>b^2 = 1 - a^2</c>: the noise prediction whose score <c>-eps*/b</c> is the exact score of the noised Gaussian data,
/// plus the configured rough error. Has no trainable parameters.
/// </summary>
public sealed class GaussianNoisePredictor : NoisePredictor
{
    private readonly GaussianNoiseConfig _config;
    private readonly Tensor _gain;
    private readonly Tensor _offset;

    public GaussianNoisePredictor(GaussianNoiseConfig config) : base(nameof(GaussianNoisePredictor))
    {
        _config = config;
        var (d, steps) = (config.Data.Mean.Count, config.Schedule.Length);
        var gains = new double[steps * d * d];
        var offsets = new double[steps * d];
        for (var t = 0; t < steps; t++)
        {
            var a2 = config.Schedule.AlphasCumprod[t];
            // Row-vector convention: eps = x G - c with G = b Sigma^{-1} (symmetric), c = G a mu.
            var gain = (config.Data.Covariance * a2 + Matrix<double>.Build.DenseIdentity(d) * (1 - a2)).Inverse() * Math.Sqrt(1 - a2);
            gain.ToRowMajorArray().CopyTo(gains, t * d * d);
            (gain * config.Data.Mean * Math.Sqrt(a2)).ToArray().CopyTo(offsets, t * d);
        }
        _gain = tensor(gains).reshape(steps, d, d).to(ScalarType.Float32);
        using var generator = new Generator(config.ErrorSeed);
        _offset = (tensor(offsets).reshape(steps, d) - config.ErrorAmplitude * randn([steps, d], ScalarType.Float64, generator: generator))
            .to(ScalarType.Float32);
    }

    public override ModelConfig Config => _config;

    public override IEnumerable<Tensor> OutputParameters() => [];

    public override Tensor forward(Tensor x, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var index = timesteps.to(ScalarType.Int64);
        var eps = x.unsqueeze(1).bmm(_gain.index_select(0, index)).squeeze(1) - _offset.index_select(0, index);
        return eps.MoveToOuterDisposeScope();
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gain.Dispose();
            _offset.Dispose();
        }
        base.Dispose(disposing);
    }
}
