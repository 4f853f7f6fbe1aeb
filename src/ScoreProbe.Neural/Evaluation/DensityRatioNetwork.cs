using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The auxiliary classifier of seed 004, Appendix B ("DensityRatioClassifier"): one logit per example, positive for
/// generated states. Images <c>[C, H, W]</c>: conv 3x3 (16) - SiLU - average pool 2 - conv 3x3 (32) - SiLU - global average
/// pool - linear 32 -> 1. Vectors <c>[d]</c>: linear d -> 64 - SiLU - linear 64 -> 64 - SiLU - linear 64 -> 1.
/// </summary>
public sealed class DensityRatioNetwork : nn.Module<Tensor, Tensor>
{
    private readonly nn.Module<Tensor, Tensor> _body;

    public DensityRatioNetwork(long[] sampleShape) : base(nameof(DensityRatioNetwork))
    {
        _body = sampleShape.Length switch
        {
            3 => nn.Sequential(
                nn.Conv2d(sampleShape[0], 16, 3, padding: 1), nn.SiLU(), nn.AvgPool2d(2),
                nn.Conv2d(16, 32, 3, padding: 1), nn.SiLU(), nn.AdaptiveAvgPool2d(1), nn.Flatten(), nn.Linear(32, 1)),
            1 => nn.Sequential(
                nn.Linear(sampleShape[0], 64), nn.SiLU(), nn.Linear(64, 64), nn.SiLU(), nn.Linear(64, 1)),
            _ => throw new ArgumentException($"density-ratio classifier takes [d] or [C, H, W] examples (got [{string.Join(", ", sampleShape)}])"),
        };
        RegisterComponents();
    }

    /// <summary>Logits <c>[N]</c>.</summary>
    public override Tensor forward(Tensor x) => _body.forward(x).squeeze(-1);
}
