using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// Runs a <see cref="Conv2d"/> whose output channel count is not a multiple of libtorch's oneDNN channel block with its
/// weights zero-padded to the next multiple, and drops the extra output channels: the same function and the same
/// gradients, computed by kernels that are correct.
/// </summary>
/// <remarks>
/// libtorch 2.10 (oneDNN 3.7.1, <c>jit:avx512_core</c> and <c>jit:avx2</c>) computes the input gradient of a 3x3,
/// stride-1 convolution with a batch above 1 wrongly when the output channels are not a multiple of the block (16 floats
/// on AVX-512, 8 on AVX2): relative errors of 0.2 to 1.0 against float64, and it reads uninitialised memory, so the
/// gradient turns NaN when that memory holds a NaN bit pattern. The forward kernel and the weight gradient are exact.
/// Every U-Net's <c>conv_out</c> (1 or 3 output channels) is such a convolution; docs/neural.md ("Same seed, different
/// result") has the measurements. The padding is applied only while gradients are recorded: inference keeps the direct
/// call.
/// </remarks>
internal static class ChannelBlockConvolution
{
    /// <summary>Output channels are padded to a multiple of this (the AVX-512 block; a multiple of the AVX2 one).</summary>
    public const int Block = 16;

    public static Tensor Forward(Conv2d convolution, Tensor input)
    {
        var channels = convolution.weight.shape[0];
        var extra = (Block - channels % Block) % Block;
        if (extra == 0 || !is_grad_enabled() || convolution.groups != 1 || convolution.padding_mode != PaddingModes.Zeros
            || convolution.padding is not { } padding)
            return convolution.forward(input);
        using var scope = NewDisposeScope();
        var weight = F.pad(convolution.weight, [0, 0, 0, 0, 0, 0, 0, extra]);
        var bias = convolution.bias is { } b ? F.pad(b, [0, extra]) : null;
        return F.conv2d(input, weight, bias, convolution.stride, padding, convolution.dilation)
            .narrow(1, 0, channels).MoveToOuterDisposeScope();
    }
}
