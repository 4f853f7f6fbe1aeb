using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>DownBlock2D</c>, <c>AttnDownBlock2D</c> and <c>ResnetDownsampleBlock2D</c>: <c>layers</c> residual blocks
/// (each followed by self-attention in the attention variant), then, except at the lowest resolution, a downsampler:
/// a stride-2 convolution, or a resnet with average pooling (<c>ResnetDownsampleBlock2D</c>, or
/// <c>AttnDownBlock2D</c> with downsample_type "resnet"). Every intermediate output is pushed on the skip stack.
/// </summary>
public sealed class UNetDownBlock : nn.Module
{
    private readonly ModuleList<ResnetBlock2D> resnets;
    private readonly ModuleList<SpatialSelfAttention> attentions;
    private readonly ModuleList<nn.Module<Tensor, Tensor, Tensor>> downsamplers;

    public UNetDownBlock(string kind, int inChannels, int outChannels, bool downsample, UNetConfig config) : base(nameof(UNetDownBlock))
    {
        kind = UNetConfig.CanonicalBlock(kind);
        var temb = config.TimeEmbeddingDimension;
        var settings = ResnetSettings.From(config);
        resnets = nn.ModuleList(Enumerable.Range(0, config.LayersPerBlock)
            .Select(i => new ResnetBlock2D(i == 0 ? inChannels : outChannels, outChannels, temb, settings)).ToArray());
        attentions = nn.ModuleList(kind == UNetConfig.AttnDownBlock
            ? Enumerable.Range(0, config.LayersPerBlock)
                .Select(_ => new SpatialSelfAttention(outChannels, config.HeadDimension(outChannels), config.NormNumGroups, config.NormEps)).ToArray()
            : []);
        var resnetDownsampler = kind == UNetConfig.ResnetDownsampleBlock || (kind == UNetConfig.AttnDownBlock && config.DownsampleType == "resnet");
        nn.Module<Tensor, Tensor, Tensor>[] sampler = !downsample
            ? []
            : resnetDownsampler
                ? [new ResnetBlock2D(outChannels, outChannels, temb, settings, Resampling.Down)]
                : [new Downsample2D(outChannels, config.DownsamplePadding)];
        downsamplers = nn.ModuleList(sampler);
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
            x = down.forward(x, timeEmbedding);
            skips.Add(x);
        }
        return x;
    }
}
