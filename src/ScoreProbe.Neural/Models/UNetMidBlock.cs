using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>diffusers' <c>UNetMidBlock2D</c> with one layer: resnet, self-attention, resnet, all at the lowest resolution.</summary>
public sealed class UNetMidBlock : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly ResnetBlock2D resnet_0;
    private readonly SpatialSelfAttention attention;
    private readonly ResnetBlock2D resnet_1;

    public UNetMidBlock(int channels, int timeEmbeddingDimension, int groups, int headDimension) : base(nameof(UNetMidBlock))
    {
        resnet_0 = new ResnetBlock2D(channels, channels, timeEmbeddingDimension, groups);
        attention = new SpatialSelfAttention(channels, headDimension, groups);
        resnet_1 = new ResnetBlock2D(channels, channels, timeEmbeddingDimension, groups);
        RegisterComponents();
    }

    public IEnumerable<Tensor> OutputParameters() =>
        resnet_0.OutputParameters().Concat(attention.OutputParameters()).Concat(resnet_1.OutputParameters());

    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        using var scope = NewDisposeScope();
        var h = resnet_1.forward(attention.forward(resnet_0.forward(x, timeEmbedding)), timeEmbedding);
        return h.MoveToOuterDisposeScope();
    }
}
