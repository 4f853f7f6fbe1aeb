using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>Downsample2D</c> with a convolution: a 3x3 stride-2 convolution with padding <c>p</c>; with <c>p = 0</c>
/// the input is first padded by one zero row and column at the bottom and right (DDPM's asymmetric padding).
/// </summary>
/// <remarks>The weight and bias sit directly on this module (ScoreProbe's state-dict names); diffusers files call them <c>conv.weight</c>, <c>conv.bias</c>.</remarks>
public sealed class Downsample2D : nn.Module<Tensor, Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter weight;
    private readonly TorchSharp.Modules.Parameter bias;
    private readonly int _padding;

    public Downsample2D(int channels, int padding) : base(nameof(Downsample2D))
    {
        using var conv = nn.Conv2d(channels, channels, 3, stride: 2, padding: padding);
        weight = new TorchSharp.Modules.Parameter(conv.weight!.detach().clone());
        bias = new TorchSharp.Modules.Parameter(conv.bias!.detach().clone());
        _padding = padding;
        RegisterComponents();
    }

    /// <param name="x">Feature map.</param>
    /// <param name="timeEmbedding">Unused; resnet downsamplers take it.</param>
    public override Tensor forward(Tensor x, Tensor timeEmbedding)
    {
        using var scope = NewDisposeScope();
        var input = _padding == 0 ? F.pad(x, [0, 1, 0, 1]) : x;
        return F.conv2d(input, weight, bias, strides: [2, 2], padding: [_padding, _padding]).MoveToOuterDisposeScope();
    }
}
