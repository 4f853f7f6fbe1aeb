using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// Transformer-style sinusoidal embedding of the timestep, as diffusers' <c>get_timestep_embedding</c> computes it in
/// float32: <c>w_j = exp(-ln(10000) j / (half - shift))</c>, <c>emb(t) = [sin(t w), cos(t w)]</c>, swapped to
/// <c>[cos, sin]</c> when <c>flipSinToCos</c>, zero-padded by one column for odd widths; <c>half = dim / 2</c>.
/// UNet2DModel's defaults are flip_sin_to_cos = true, freq_shift = 0; google/ddpm-cifar10-32 uses false and 1.
/// </summary>
/// <remarks>
/// The frequencies are derived, not learned, but ScoreProbe checkpoints have always stored them (state-dict key
/// <c>time_proj._frequencies</c>), so they stay a persistent buffer; diffusers files do not have them
/// (<see cref="DerivedBufferName"/>).
/// </remarks>
public sealed class SinusoidalTimeEmbedding : nn.Module<Tensor, Tensor>
{
    /// <summary>State-dict name of the derived frequencies inside this module.</summary>
    public const string DerivedBufferName = "_frequencies";

    private readonly Tensor _frequencies;
    private readonly bool _flipSinToCos;
    private readonly bool _padColumn;

    public SinusoidalTimeEmbedding(int dimension, bool flipSinToCos = true, double frequencyShift = 0) : base(nameof(SinusoidalTimeEmbedding))
    {
        var half = dimension / 2;
        if (half < 1 || half - frequencyShift == 0)
            throw new Core.InvalidConfigurationException("time-embedding-dimension", $"{dimension} with frequency shift {frequencyShift} leaves no frequencies");
        _flipSinToCos = flipSinToCos;
        _padColumn = dimension % 2 == 1;
        // Same float32 operations in the same order as diffusers, so that the angles t * w agree to the last bit.
        using var exponent = arange(half, dtype: ScalarType.Float32).mul(-Math.Log(10000)).div(half - frequencyShift);
        _frequencies = exponent.exp();
        register_buffer("frequencies", _frequencies, persistent: false);
    }

    public override Tensor forward(Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var angles = timesteps.to(ScalarType.Float32).unsqueeze(1).mul(_frequencies.unsqueeze(0));
        var embedding = _flipSinToCos ? cat([cos(angles), sin(angles)], 1) : cat([sin(angles), cos(angles)], 1);
        if (_padColumn) embedding = nn.functional.pad(embedding, [0, 1, 0, 0]);
        return embedding.MoveToOuterDisposeScope();
    }
}
