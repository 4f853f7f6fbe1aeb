using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>UpBlock2D</c>, <c>AttnUpBlock2D</c> and <c>ResnetUpsampleBlock2D</c>: <c>layers</c> residual blocks, each
/// fed the concatenation of the running tensor and one skip tensor popped from the stack (followed by self-attention in
/// the attention variant), then, except at the highest resolution, an upsampler: nearest 2x and a 3x3 convolution, or
/// a resnet with nearest 2x (<c>ResnetUpsampleBlock2D</c>, or <c>AttnUpBlock2D</c> with upsample_type "resnet").
/// </summary>
/// <remarks>
/// Channel bookkeeping as in diffusers: resnet i takes <c>(i == 0 ? previousOut : out) + (i == layers-1 ? in : out)</c>
/// channels, where <c>in</c> is the channel count of the next-lower level's skip.
/// </remarks>
public sealed class UNetUpBlock : nn.Module
{
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<SpatialSelfAttention> attentions;
    private readonly ModuleList<nn.Module<Tensor, Tensor, Tensor>> upsamplers;

    public UNetUpBlock(string kind, int inChannels, int previousOutChannels, int outChannels, bool upsample, UNetConfig config)
        : base(nameof(UNetUpBlock))
    {
        kind = UNetConfig.CanonicalBlock(kind);
        var layers = config.LayersPerBlock + 1;
        var temb = config.TimeEmbeddingDimension;
        var settings = ResnetSettings.From(config);
        resnets = nn.ModuleList(Enumerable.Range(0, layers).Select(i =>
        {
            var skip = i == layers - 1 ? inChannels : outChannels;
            var running = i == 0 ? previousOutChannels : outChannels;
            return new ResnetBlock2D(running + skip, outChannels, temb, settings);
        }).ToArray());
        attentions = nn.ModuleList(kind == UNetConfig.AttnUpBlock
            ? Enumerable.Range(0, layers)
                .Select(_ => new SpatialSelfAttention(outChannels, config.HeadDimension(outChannels), config.NormNumGroups, config.NormEps)).ToArray()
            : []);
        var resnetUpsampler = kind == UNetConfig.ResnetUpsampleBlock || (kind == UNetConfig.AttnUpBlock && config.UpsampleType == "resnet");
        nn.Module<Tensor, Tensor, Tensor>[] sampler = !upsample
            ? []
            : resnetUpsampler
                ? [new ResnetBlock2D(outChannels, outChannels, temb, settings, Resampling.Up)]
                : [new Upsample2D(outChannels)];
        upsamplers = nn.ModuleList(sampler);
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
        foreach (var up in upsamplers) x = up.forward(x, timeEmbedding);
        return x;
    }
}
