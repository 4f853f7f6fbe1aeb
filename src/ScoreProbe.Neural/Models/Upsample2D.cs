using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>diffusers' <c>Upsample2D</c> with a convolution: nearest-neighbour 2x, then a 3x3 convolution with padding 1.</summary>
/// <remarks>The weight and bias sit directly on this module (ScoreProbe's state-dict names); diffusers files call them <c>conv.weight</c>, <c>conv.bias</c>.</remarks>
public sealed class Upsample2D : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter bias;

    public Upsample2D(int channels) : base(nameof(Upsample2D))
    {
        using var conv = nn.Conv2d(channels, channels, 3, padding: 1);
        weight = new TorchSharp.Modules.Parameter(conv.weight!.detach().clone());
        bias = new TorchSharp.Modules.Parameter(conv.bias!.detach().clone());
        RegisterComponents();
    }

    /// <param name="x">Feature map.</param>
    /// <param name="timeEmbedding">Unused; resnet upsamplers take it.</param>
    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        using var scope = NewDisposeScope();
        var upsampled = F.interpolate(x, scale_factor: [2.0, 2.0], mode: InterpolationMode.Nearest);
        return F.conv2d(upsampled, weight, bias, padding: [1, 1]).MoveToOuterDisposeScope();
    }
}
