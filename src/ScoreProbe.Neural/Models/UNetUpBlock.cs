using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>UpBlock2D</c> / <c>AttnUpBlock2D</c>: <c>layers</c> residual blocks, each fed the concatenation of the
/// running tensor and one skip tensor popped from the stack (optionally followed by self-attention), then, except at
/// the highest resolution, nearest-neighbour 2x upsampling and a 3x3 convolution.
/// </summary>
/// <remarks>
/// Channel bookkeeping as in diffusers: resnet i takes <c>(i == 0 ? previousOut : out) + (i == layers-1 ? in : out)</c>
/// channels, where <c>in</c> is the channel count of the next-lower level's skip.
/// </remarks>
public sealed class UNetUpBlock : nn.Module
{
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<SpatialSelfAttention> attentions;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> upsamplers;

    public UNetUpBlock(int inChannels, int previousOutChannels, int outChannels, int layers, bool attention, bool upsample,
        int timeEmbeddingDimension, int groups, int headDimension) : base(nameof(UNetUpBlock))
    {
        resnets = nn.ModuleList(Enumerable.Range(0, layers).Select(i =>
        {
            var skip = i == layers - 1 ? inChannels : outChannels;
            var running = i == 0 ? previousOutChannels : outChannels;
            return new ResnetBlock2D(running + skip, outChannels, timeEmbeddingDimension, groups);
        }).ToArray());
        attentions = nn.ModuleList(attention
            ? Enumerable.Range(0, layers).Select(_ => new SpatialSelfAttention(outChannels, headDimension, groups)).ToArray()
            : []);
        upsamplers = nn.ModuleList(upsample
            ? [(nn.Module<Tensor, Tensor>)nn.Conv2d(outChannels, outChannels, 3, padding: 1)]
            : Array.Empty<nn.Module<Tensor, Tensor>>());
        RegisterComponents();
    }

    public int Layers => resnets.Count;

    public IEnumerable<Tensor> OutputParameters() =>
        resnets.SelectMany(r => r.OutputParameters()).Concat(attentions.SelectMany(a => a.OutputParameters()));

    /// <summary>Runs the block, popping one skip tensor from the end of <paramref name="skips"/> per residual block.</summary>
    public Tensor Forward(Tensor x, Tensor timeEmbedding, List<Tensor> skips)
    {
        for (var i = 0; i < resnets.Count; i++)
        {
            var skip = skips[^1];
            skips.RemoveAt(skips.Count - 1);
            x = resnets[i].forward(cat([x, skip], 1), timeEmbedding);
            if (attentions.Count > 0) x = attentions[i].forward(x);
        }
        foreach (var up in upsamplers)
            x = up.forward(F.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest));
        return x;
    }
}
