using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>Attention</c> as built by the UNet2D attention blocks (residual_connection, bias, from the deprecated
/// attention block): <c>GroupNorm</c>, per-pixel <c>to_q/to_k/to_v</c> linear maps, multi-head softmax attention over
/// the H*W positions with <c>C / headDim</c> heads and scale <c>headDim^-1/2</c>, <c>to_out</c> linear, plus the input.
/// </summary>
public sealed class SpatialSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> group_norm;
    private readonly nn.Module<Tensor, Tensor> to_q;
    private readonly nn.Module<Tensor, Tensor> to_k;
    private readonly nn.Module<Tensor, Tensor> to_v;
    private readonly nn.Module<Tensor, Tensor> to_out;
    private readonly int _heads;

    public SpatialSelfAttention(int channels, int headDimension, int groups, double eps = 1e-5) : base(nameof(SpatialSelfAttention))
    {
        if (channels % headDimension != 0)
            throw new ArgumentException($"attention channels {channels} must be a multiple of the head dimension {headDimension}");
        _heads = channels / headDimension;
        group_norm = GroupNormalization.Create(groups, channels, eps);
        to_q = nn.Linear(channels, channels);
        to_k = nn.Linear(channels, channels);
        to_v = nn.Linear(channels, channels);
        to_out = nn.Linear(channels, channels);
        RegisterComponents();
    }

    /// <summary>The output projection.</summary>
    public IEnumerable<Tensor> OutputParameters() => to_out.parameters();

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var tokens = group_norm.forward(x).view(batch, channels, height * width).transpose(1, 2);
        Tensor Heads(nn.Module<Tensor, Tensor> projection) =>
            projection.forward(tokens).view(batch, -1, _heads, channels / _heads).transpose(1, 2);
        var (q, k, v) = (Heads(to_q), Heads(to_k), Heads(to_v));
        var weights = q.matmul(k.transpose(-2, -1)).mul_(1 / Math.Sqrt(channels / _heads)).softmax(-1);
        var attended = weights.matmul(v);
        var merged = attended.transpose(1, 2).reshape(batch, height * width, channels);
        var projected = to_out.forward(merged).transpose(1, 2).reshape(batch, channels, height, width);
        return (projected + x).MoveToOuterDisposeScope();
    }
}
