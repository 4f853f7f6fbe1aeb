using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// The U-Net of diffusers' <c>UNet2DModel</c> (used by DDPM and by seed 004, Appendix B.2), built from a
/// <see cref="UNetConfig"/> with every option of the diffusers class that has a meaning for unconditional sampling:
/// optional input centring; time features (sinusoidal, Gaussian Fourier or a learned table) through a two-layer MLP;
/// <c>conv_in</c>; down blocks; an optional mid block (resnet, attention, resnet); up blocks with
/// <c>layers_per_block + 1</c> resnets consuming the skips; <c>GroupNorm</c>, SiLU and <c>conv_out</c>; for Fourier
/// features the output is divided by the input "timestep" (a noise level). Predicts the noise.
/// </summary>
public sealed class UNet2D : NoisePredictor
{
    private readonly nn.Module<Tensor, Tensor> conv_in;
    private readonly nn.Module<Tensor, Tensor> time_proj;
    private readonly TimestepEmbedding time_embedding;
    private readonly ModuleList<UNetDownBlock> down_blocks;
    private readonly UNetMidBlock? mid_block;
    private readonly ModuleList<UNetUpBlock> up_blocks;
    private readonly nn.Module<Tensor, Tensor> conv_norm_out;
    private readonly nn.Module<Tensor, Tensor> conv_out;
    private readonly UNetConfig _config;

    public UNet2D(UNetConfig config) : base(nameof(UNet2D))
    {
        config.Validate();
        _config = config;
        var channels = config.BlockOutChannels;
        var levels = channels.Count;

        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, padding: 1);
        time_proj = config.TimeEmbeddingType switch
        {
            "fourier" => new GaussianFourierProjection(channels[0]),
            "learned" => nn.Embedding(config.NumTrainTimesteps!.Value, channels[0]),
            _ => new SinusoidalTimeEmbedding(channels[0], config.FlipSinToCos, config.FreqShift),
        };
        time_embedding = new TimestepEmbedding(config.TimeFeatureDimension, config.TimeEmbeddingDimension);

        down_blocks = nn.ModuleList(Enumerable.Range(0, levels).Select(i => new UNetDownBlock(config.DownBlockTypes[i],
            i == 0 ? channels[0] : channels[i - 1], channels[i], downsample: i < levels - 1, config)).ToArray());
        if (config.MidBlockType is not null) mid_block = new UNetMidBlock(channels[^1], config);

        var reversed = channels.Reverse().ToArray();
        up_blocks = nn.ModuleList(Enumerable.Range(0, levels).Select(i => new UNetUpBlock(config.UpBlockTypes[i],
            reversed[Math.Min(i + 1, levels - 1)], i == 0 ? reversed[0] : reversed[i - 1], reversed[i], upsample: i < levels - 1, config)).ToArray());

        conv_norm_out = GroupNormalization.Create(config.NormNumGroups, channels[0], config.NormEps);
        conv_out = nn.Conv2d(channels[0], config.OutputChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override ModelConfig Config => _config;

    /// <summary>The time features (<c>time_proj</c>) of <paramref name="t"/>, one row per entry.</summary>
    public Tensor TimeFeatures(Tensor t) => time_proj.forward(t);

    /// <summary>The time embedding fed to every resnet (<c>time_embedding(time_proj(t))</c>).</summary>
    public Tensor TimeEmbedding(Tensor t)
    {
        using var features = time_proj.forward(t);
        return time_embedding.forward(features);
    }

    public override Tensor forward(Tensor x, Tensor t)
    {
        using var scope = NewDisposeScope();
        var timesteps = t.expand(x.shape[0]);
        if (_config.CenterInputSample) x = x.mul(2).sub(1.0);
        var embedding = TimeEmbedding(timesteps);
        var h = conv_in.forward(x);
        var skips = new List<Tensor> { h };
        foreach (var block in down_blocks) h = block.Forward(h, embedding, skips);
        if (mid_block is not null) h = mid_block.forward(h, embedding);
        foreach (var block in up_blocks) h = block.Forward(h, embedding, skips);
        var output = conv_out.forward(F.silu(conv_norm_out.forward(h)));
        if (_config.TimeEmbeddingType == "fourier") output = output / timesteps.to(output.dtype).reshape(-1, 1, 1, 1);
        return output.MoveToOuterDisposeScope();
    }

    public override IEnumerable<Tensor> OutputParameters() =>
        down_blocks.SelectMany(b => b.OutputParameters())
            .Concat(mid_block?.OutputParameters() ?? [])
            .Concat(up_blocks.SelectMany(b => b.OutputParameters()))
            .Concat(conv_out.parameters());
}
