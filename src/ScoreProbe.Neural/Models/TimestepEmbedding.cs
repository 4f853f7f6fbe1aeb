using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Models;

/// <summary>diffusers' <c>TimestepEmbedding</c>: <c>linear_2(silu(linear_1(emb)))</c>, both layers with bias.</summary>
public sealed class TimestepEmbedding : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> linear_1;
    private readonly nn.Module<Tensor, Tensor> linear_2;

    public TimestepEmbedding(int inputDimension, int embeddingDimension) : base(nameof(TimestepEmbedding))
    {
        linear_1 = nn.Linear(inputDimension, embeddingDimension);
        linear_2 = nn.Linear(embeddingDimension, embeddingDimension);
        RegisterComponents();
    }

    public override Tensor forward(Tensor embedding)
    {
        using var hidden = F.silu(linear_1.forward(embedding));
        return linear_2.forward(hidden);
    }
}
