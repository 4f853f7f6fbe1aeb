using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// Noise predictor for low-dimensional data: <c>h_0 = W_in x</c>, <c>h_{l+1} = silu(W_l [h_l, e(t)])</c> for
/// l = 0..depth-1, <c>eps_hat = W_out h_depth</c>, where <c>e(t)</c> is the sinusoidal embedding of t passed through a
/// two-layer MLP (<see cref="TimestepEmbedding"/>); every hidden layer sees the time again.
/// </summary>
public sealed class TimeConditionedMlp : NoisePredictor
{
    private readonly SinusoidalTimeEmbedding time_proj;
    private readonly TimestepEmbedding time_embedding;
    private readonly nn.Module<Tensor, Tensor> input;
    private readonly TorchSharp.Modules.ModuleList<nn.Module<Tensor, Tensor>> hidden;
    private readonly nn.Module<Tensor, Tensor> output;
    private readonly MlpConfig _config;

    public TimeConditionedMlp(MlpConfig config) : base(nameof(TimeConditionedMlp))
    {
        _config = config;
        time_proj = new SinusoidalTimeEmbedding(config.TimeEmbeddingDimension);
        time_embedding = new TimestepEmbedding(config.TimeEmbeddingDimension, config.Width);
        input = nn.Linear(config.Dimension, config.Width);
        hidden = nn.ModuleList(Enumerable.Range(0, config.Depth)
            .Select(_ => (nn.Module<Tensor, Tensor>)nn.Linear(2 * config.Width, config.Width)).ToArray());
        output = nn.Linear(config.Width, config.Dimension);
        RegisterComponents();
    }

    public override ModelConfig Config => _config;

    public override Tensor forward(Tensor x, Tensor t)
    {
        using var scope = NewDisposeScope();
        var embedding = time_embedding.forward(time_proj.forward(t));
        var h = input.forward(x);
        foreach (var layer in hidden) h = F.silu(layer.forward(cat([h, embedding], 1)));
        return output.forward(h).MoveToOuterDisposeScope();
    }

    public override IEnumerable<Tensor> OutputParameters() => output.parameters();
}
