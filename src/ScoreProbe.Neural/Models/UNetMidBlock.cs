using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>UNetMidBlock2D</c> with one layer, as UNet2DModel builds it: resnet, self-attention (unless add_attention
/// is false), resnet, all at the lowest resolution, each dividing its output by mid_block_scale_factor.
/// </summary>
/// <remarks>ScoreProbe's state-dict names are <c>resnet_0</c>, <c>attention</c>, <c>resnet_1</c>; diffusers files call them <c>resnets.0</c>, <c>attentions.0</c>, <c>resnets.1</c>.</remarks>
public sealed class UNetMidBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ResnetBlock2D resnet_0;
    private readonly SpatialSelfAttention? attention;
    private readonly ResnetBlock2D resnet_1;

    public UNetMidBlock(int channels, UNetConfig config) : base(nameof(UNetMidBlock))
    {
        var settings = ResnetSettings.From(config, config.MidBlockScaleFactor);
        var temb = config.TimeEmbeddingDimension;
        resnet_0 = new ResnetBlock2D(channels, channels, temb, settings);
        if (config.AddAttention)
            attention = new SpatialSelfAttention(channels, config.HeadDimension(channels), config.MidAttentionGroups, config.NormEps, config.MidBlockScaleFactor);
        resnet_1 = new ResnetBlock2D(channels, channels, temb, settings);
        RegisterComponents();
    }

    public IEnumerable<Tensor> OutputParameters() =>
        resnet_0.OutputParameters().Concat(attention?.OutputParameters() ?? []).Concat(resnet_1.OutputParameters());

    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        using var scope = NewDisposeScope();
        var h = resnet_0.forward(x, timeEmbedding);
        if (attention is not null) h = attention.forward(h);
        return resnet_1.forward(h, timeEmbedding).MoveToOuterDisposeScope();
    }
}
