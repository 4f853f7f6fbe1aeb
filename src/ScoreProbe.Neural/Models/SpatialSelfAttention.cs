using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>Attention</c> as the UNet2D blocks build it (residual connection, biases, from the deprecated attention
/// block), computed like its <c>AttnProcessor</c>: optional GroupNorm over the channels, per-pixel <c>to_q/to_k/to_v</c>
/// linear maps to <c>heads * headDim</c> channels, softmax attention over the H*W positions per head with scale
/// <c>headDim^-1/2</c>, <c>to_out</c> back to the channels, plus the input, divided by <c>rescale</c>.
/// </summary>
public sealed class SpatialSelfAttention : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor>? group_norm;
    private readonly nn.Module<Tensor, Tensor> to_q;
    private readonly nn.Module<Tensor, Tensor> to_k;
    private readonly nn.Module<Tensor, Tensor> to_v;
    private readonly nn.Module<Tensor, Tensor> to_out;
    private readonly int _heads;
    private readonly int _headDimension;
    private readonly double _rescale;

    /// <param name="channels">Channels of the feature map.</param>
    /// <param name="headDimension">Width of one head; diffusers uses <c>channels / headDimension</c> heads (integer division).</param>
    /// <param name="groups">GroupNorm groups, or null for no normalisation.</param>
    /// <param name="eps">GroupNorm epsilon.</param>
    /// <param name="rescale">Output divisor (diffusers' rescale_output_factor).</param>
    public SpatialSelfAttention(int channels, int headDimension, int? groups, double eps = 1e-5, double rescale = 1)
        : base(nameof(SpatialSelfAttention))
    {
        _heads = channels / headDimension;
        if (_heads < 1)
            throw new Core.InvalidConfigurationException("attention_head_dim", $"{headDimension} is wider than the {channels} channels it attends over");
        _headDimension = headDimension;
        _rescale = rescale;
        var inner = _heads * headDimension;
        if (groups is { } g) group_norm = GroupNormalization.Create(g, channels, eps);
        to_q = nn.Linear(channels, inner);
        to_k = nn.Linear(channels, inner);
        to_v = nn.Linear(channels, inner);
        to_out = nn.Linear(inner, channels);
        RegisterComponents();
    }

    /// <summary>The output projection.</summary>
    public IEnumerable<Tensor> OutputParameters() => to_out.parameters();

    public override Tensor forward(Tensor x)
    {
        using var scope = NewDisposeScope();
        var (batch, channels, height, width) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        var length = height * width;
        var tokens = x.view(batch, channels, length);
        if (group_norm is not null) tokens = group_norm.forward(tokens);
        tokens = tokens.transpose(1, 2);
        Tensor Heads(nn.Module<Tensor, Tensor> projection) => projection.forward(tokens)
            .reshape(batch, length, _heads, _headDimension).permute(0, 2, 1, 3).reshape(batch * _heads, length, _headDimension);
        var (q, k, v) = (Heads(to_q), Heads(to_k), Heads(to_v));
        var scores = q.bmm(k.transpose(-1, -2)).mul_(Math.Pow(_headDimension, -0.5));
        var attended = scores.softmax(-1).bmm(v)
            .reshape(batch, _heads, length, _headDimension).permute(0, 2, 1, 3).reshape(batch, length, _heads * _headDimension);
        var projected = to_out.forward(attended).transpose(-1, -2).reshape(batch, channels, height, width);
        var output = projected + x;
        if (_rescale != 1) output = output / _rescale;
        return output.MoveToOuterDisposeScope();
    }
}
