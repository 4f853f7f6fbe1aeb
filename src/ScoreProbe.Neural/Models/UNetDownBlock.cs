using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>DownBlock2D</c> / <c>AttnDownBlock2D</c>: <c>layers</c> residual blocks (each followed by self-attention
/// in the attention variant), then, except at the lowest resolution, a 3x3 stride-2 convolution. Every intermediate
/// output is pushed on the skip stack that the matching up block consumes.
/// </summary>
public sealed class UNetDownBlock : nn.Module
{
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<SpatialSelfAttention> attentions;
    private readonly ModuleList<nn.Module<Tensor, Tensor>> downsamplers;

    public UNetDownBlock(int inChannels, int outChannels, int layers, bool attention, bool downsample, int timeEmbeddingDimension,
        int groups, int headDimension) : base(nameof(UNetDownBlock))
    {
        resnets = nn.ModuleList(Enumerable.Range(0, layers)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, timeEmbeddingDimension, groups)).ToArray());
        attentions = nn.ModuleList(attention
            ? Enumerable.Range(0, layers).Select(_ => new SpatialSelfAttention(outChannels, headDimension, groups)).ToArray()
            : []);
        downsamplers = nn.ModuleList(downsample
            ? [(nn.Module<Tensor, Tensor>)nn.Conv2d(outChannels, outChannels, 3, stride: 2, padding: 1)]
            : Array.Empty<nn.Module<Tensor, Tensor>>());
        RegisterComponents();
    }

    public IEnumerable<Tensor> OutputParameters() =>
        resnets.SelectMany(r => r.OutputParameters()).Concat(attentions.SelectMany(a => a.OutputParameters()));

    /// <summary>Runs the block; appends each residual (and downsampled) output to <paramref name="skips"/>.</summary>
    public Tensor Forward(Tensor x, Tensor timeEmbedding, List<Tensor> skips)
    {
        for (var i = 0; i < resnets.Count; i++)
        {
            x = resnets[i].forward(x, timeEmbedding);
            if (attentions.Count > 0) x = attentions[i].forward(x);
            skips.Add(x);
        }
        foreach (var down in downsamplers)
        {
            x = down.forward(x);
            skips.Add(x);
        }
        return x;
    }
}
