using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// The U-Net of diffusers' <c>UNet2DModel</c> (used by DDPM and by seed 004, Appendix B.2): <c>conv_in</c>; sinusoidal
/// time embedding of width <c>block_out_channels[0]</c> through a two-layer MLP to <c>4 * block_out_channels[0]</c>;
/// down blocks; a mid block (resnet, attention, resnet); up blocks with <c>layers_per_block + 1</c> resnets consuming
/// the skips; <c>GroupNorm</c>, SiLU and <c>conv_out</c>. Predicts the noise.
/// </summary>
public sealed class UNet2D : NoisePredictor
{
    private readonly nn.Module<Tensor, Tensor> conv_in;
    private readonly SinusoidalTimeEmbedding time_proj;
    private readonly TimestepEmbedding time_embedding;
    private readonly ModuleList<UNetDownBlock> down_blocks;
    private readonly UNetMidBlock mid_block;
    private readonly ModuleList<UNetUpBlock> up_blocks;
    private readonly nn.Module<Tensor, Tensor> conv_norm_out;
    private readonly Conv2d conv_out;
    private readonly UNetConfig _config;

    public UNet2D(UNetConfig config) : base(nameof(UNet2D))
    {
        config.Validate();
        _config = config;
        var channels = config.BlockOutChannels;
        var levels = channels.Count;
        var temb = config.TimeEmbeddingDimension;
        var (groups, head) = (config.NormNumGroups, config.AttentionHeadDim);

        conv_in = nn.Conv2d(config.InChannels, channels[0], 3, padding: 1);
        time_proj = new SinusoidalTimeEmbedding(channels[0]);
        time_embedding = new TimestepEmbedding(channels[0], temb);

        down_blocks = nn.ModuleList(Enumerable.Range(0, levels).Select(i => new UNetDownBlock(
            i == 0 ? channels[0] : channels[i - 1], channels[i], config.LayersPerBlock,
            config.DownBlockTypes[i] == UNetConfig.AttnDownBlock, downsample: i < levels - 1, temb, groups, head)).ToArray());
        mid_block = new UNetMidBlock(channels[^1], temb, groups, head);

        var reversed = channels.Reverse().ToArray();
        up_blocks = nn.ModuleList(Enumerable.Range(0, levels).Select(i => new UNetUpBlock(
            reversed[Math.Min(i + 1, levels - 1)], i == 0 ? reversed[0] : reversed[i - 1], reversed[i], config.LayersPerBlock + 1,
            config.UpBlockTypes[i] == UNetConfig.AttnUpBlock, upsample: i < levels - 1, temb, groups, head)).ToArray());

        conv_norm_out = GroupNormalization.Create(groups, channels[0], 1e-5);
        conv_out = nn.Conv2d(channels[0], config.InChannels, 3, padding: 1);
        RegisterComponents();
    }

    public override ModelConfig Config => _config;

    public override Tensor forward(Tensor x, Tensor t)
    {
        using var scope = NewDisposeScope();
        var embedding = time_embedding.forward(time_proj.forward(t.expand(x.shape[0])));
        var h = conv_in.forward(x);
        var skips = new List<Tensor> { h };
        foreach (var block in down_blocks) h = block.Forward(h, embedding, skips);
        h = mid_block.forward(h, embedding);
        foreach (var block in up_blocks) h = block.Forward(h, embedding, skips);
        return ChannelBlockConvolution.Forward(conv_out, F.silu(conv_norm_out.forward(h))).MoveToOuterDisposeScope();
    }

    public override IEnumerable<Tensor> OutputParameters() =>
        down_blocks.SelectMany(b => b.OutputParameters())
            .Concat(mid_block.OutputParameters())
            .Concat(up_blocks.SelectMany(b => b.OutputParameters()))
            .Concat(conv_out.parameters());
}
