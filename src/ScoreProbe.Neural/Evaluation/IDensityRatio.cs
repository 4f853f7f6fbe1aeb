using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>An estimate of <c>log(u_t / v_t)</c>: generated-state density over forward-noised data density at one step.</summary>
public interface IDensityRatio : IDisposable
{
    /// <summary><c>log u_t(x) - log v_t(x)</c> per row of <paramref name="x"/> (<c>[N]</c>).</summary>
    Tensor LogRatio(Tensor x);

    /// <summary>Held-out binary cross-entropy of a classifier estimate; null for closed forms.</summary>
    double? ValidationLoss { get; }
}

/// <summary>Builds a fresh <see cref="IDensityRatio"/> at every evaluated step (seed 004, Appendix B: re-initialised per step).</summary>
public interface IDensityRatioEstimator
{
    /// <summary><c>classifier</c> or <c>exact</c>, written into results.</summary>
    string Name { get; }

    /// <param name="generated">Samples of u_t: states of the reverse process at <paramref name="timestep"/>.</param>
    /// <param name="real">Samples of v_t: data noised forward to <paramref name="timestep"/>.</param>
    /// <param name="timestep">diffusers timestep t (forward noise level alphabar_t).</param>
    /// <param name="seed">Seed of everything random in the fit.</param>
    IDensityRatio Fit(Tensor generated, Tensor real, int timestep, ulong seed);
}
