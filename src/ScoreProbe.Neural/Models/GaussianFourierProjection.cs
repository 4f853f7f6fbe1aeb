using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// diffusers' <c>GaussianFourierProjection</c> as UNet2DModel's "fourier" time embedding builds it (log input, sin first):
/// <c>p = log(t) w 2 pi</c>, <c>emb = [sin p, cos p]</c>, with fixed random frequencies <c>w ~ N(0, 16^2)</c> stored in the
/// state dict as <c>weight</c>. Used by score-SDE models whose "timesteps" are noise levels sigma.
/// </summary>
public sealed class GaussianFourierProjection : nn.Module<Tensor, Tensor>
{
    private readonly TorchSharp.Modules.Parameter weight;

    public GaussianFourierProjection(int size, double scale = 16) : base(nameof(GaussianFourierProjection))
    {
        // A parameter that is never trained, as in diffusers (it counts among the parameters there too).
        weight = new TorchSharp.Modules.Parameter(randn(size).mul_(scale), requires_grad: false);
        RegisterComponents();
    }

    public override Tensor forward(Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var projected = timesteps.to(ScalarType.Float32).log().unsqueeze(1).mul(weight.unsqueeze(0)).mul(2).mul(Math.PI);
        return cat([sin(projected), cos(projected)], 1).MoveToOuterDisposeScope();
    }
}
