using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Training;

/// <summary>Shadow weights <c>theta_ema = d theta_ema + (1 - d) theta</c>, updated after every optimiser step.</summary>
public sealed class ExponentialMovingAverage : IDisposable
{
    public ExponentialMovingAverage(NoisePredictor source, double decay)
    {
        Decay = decay;
        Model = source.Config.Build();
        Model.load_state_dict(source.state_dict());
        Model.eval();
        foreach (var p in Model.parameters()) p.requires_grad = false;
    }

    public double Decay { get; }

    /// <summary>The averaged network.</summary>
    public NoisePredictor Model { get; }

    public void Update(NoisePredictor source)
    {
        using var noGrad = no_grad();
        foreach (var (shadow, live) in Model.parameters().Zip(source.parameters()))
            shadow.mul_(Decay).add_(live, alpha: 1 - Decay);
    }

    public void Dispose() => Model.Dispose();
}
