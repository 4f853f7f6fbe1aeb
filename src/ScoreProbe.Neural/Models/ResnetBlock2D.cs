using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>ResnetBlock2D</c> (time_embedding_norm "default", output_scale_factor 1, no dropout):
/// <c>h = conv1(silu(norm1(x))) + time_emb_proj(silu(temb))</c>, <c>h = conv2(silu(norm2(h)))</c>,
/// output <c>shortcut(x) + h</c>, where the shortcut is a 1x1 convolution only when the channel count changes.
/// </summary>
public sealed class ResnetBlock2D : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> norm1;
    private readonly nn.Module<Tensor, Tensor> conv1;
    private readonly nn.Module<Tensor, Tensor> time_emb_proj;
    private readonly nn.Module<Tensor, Tensor> norm2;
    private readonly nn.Module<Tensor, Tensor> conv2;
    private readonly nn.Module<Tensor, Tensor>? conv_shortcut;

    public ResnetBlock2D(int inChannels, int outChannels, int timeEmbeddingDimension, int groups, double eps = 1e-5)
        : base(nameof(ResnetBlock2D))
    {
        norm1 = GroupNormalization.Create(groups, inChannels, eps);
        conv1 = nn.Conv2d(inChannels, outChannels, 3, padding: 1);
        time_emb_proj = nn.Linear(timeEmbeddingDimension, outChannels);
        norm2 = GroupNormalization.Create(groups, outChannels, eps);
        conv2 = nn.Conv2d(outChannels, outChannels, 3, padding: 1);
        if (inChannels != outChannels) conv_shortcut = nn.Conv2d(inChannels, outChannels, 1);
        RegisterComponents();
    }

    /// <summary>The last convolution of the residual branch.</summary>
    public IEnumerable<Tensor> OutputParameters() => conv2.parameters();

    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        using var scope = NewDisposeScope();
        var h = conv1.forward(F.silu(norm1.forward(x)));
        h = h + time_emb_proj.forward(F.silu(timeEmbedding)).unsqueeze(-1).unsqueeze(-1);
        h = conv2.forward(F.silu(norm2.forward(h)));
        var shortcut = conv_shortcut is null ? x : conv_shortcut.forward(x);
        return (shortcut + h).MoveToOuterDisposeScope();
    }
}
