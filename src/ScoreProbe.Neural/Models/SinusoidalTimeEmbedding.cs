using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// Transformer-style sinusoidal embedding of the timestep, as diffusers' <c>get_timestep_embedding</c> with
/// <c>flip_sin_to_cos = True</c>, <c>downscale_freq_shift = 0</c> (UNet2DModel defaults):
/// <c>w_j = 10000^(-j/half)</c>, <c>emb(t) = [cos(t w), sin(t w)]</c>, <c>half = dim/2</c>.
/// </summary>
public sealed class SinusoidalTimeEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly Tensor _frequencies;

    public SinusoidalTimeEmbedding(int dimension) : base(nameof(SinusoidalTimeEmbedding))
    {
        if (dimension % 2 != 0) throw new ArgumentException($"time embedding dimension must be even (got {dimension})");
        var half = dimension / 2;
        _frequencies = exp(arange(half, dtype: ScalarType.Float32).mul(-Math.Log(10000) / half));
        register_buffer("frequencies", _frequencies, persistent: false);
    }

    public override Tensor forward(Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var angles = timesteps.to(ScalarType.Float32).unsqueeze(1).mul(_frequencies.unsqueeze(0));
        return cat([cos(angles), sin(angles)], 1).MoveToOuterDisposeScope();
    }
}
