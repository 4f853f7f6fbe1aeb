using TorchSharp.Modules;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>GroupNorm with PyTorch's initial affine parameters (weight 1, bias 0).</summary>
internal static class GroupNormalization
{
    /// <remarks>
    /// TorchSharp 0.107's <c>nn.GroupNorm</c> leaves its affine parameters uninitialised (observed: NaN and garbage values
    /// varying run to run), so they are set here to PyTorch's <c>reset_parameters</c> values.
    /// </remarks>
    public static GroupNorm Create(int groups, int channels, double eps = 1e-5)
    {
        var norm = nn.GroupNorm(groups, channels, eps);
        using var noGrad = no_grad();
        norm.weight!.fill_(1);
        norm.bias!.zero_();
        return norm;
    }
}
