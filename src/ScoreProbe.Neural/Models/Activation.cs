using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>The non-linearities diffusers' <c>get_activation</c> accepts: silu (= swish), mish, gelu, relu.</summary>
internal static class Activation
{
    public static Func<Tensor, Tensor> Create(string name) => name.ToLowerInvariant() switch
    {
        "silu" or "swish" => x => F.silu(x),
        "mish" => x => F.mish(x),
        "gelu" => x => F.gelu(x),
        "relu" => x => F.relu(x),
        _ => throw new Core.InvalidConfigurationException("act_fn", $"'{name}' is not supported; supported: {string.Join(", ", UNetConfig.Activations)}"),
    };
}
