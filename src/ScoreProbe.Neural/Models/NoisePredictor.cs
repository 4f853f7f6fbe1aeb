using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// A network <c>eps_hat = f(x_t, t)</c> trained to predict the noise of <c>x_t = sqrt(alphabar_t) x0 + sqrt(1 - alphabar_t) eps</c>.
/// Its score estimate is <c>s(x_t) = -eps_hat / sqrt(1 - alphabar_t)</c> (seed 004, Appendix A).
/// </summary>
public abstract class NoisePredictor(string name) : nn.Module<Tensor, Tensor, Tensor>(name)
{
    /// <summary>The configuration that rebuilds this network (shape and hyper-parameters, no weights).</summary>
    public abstract ModelConfig Config { get; }

    /// <summary>Parameters that end a residual branch or the network; the zero-residual scheme sets them to 0.</summary>
    public abstract IEnumerable<Tensor> OutputParameters();

    /// <summary>Number of trainable scalars.</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());
}
