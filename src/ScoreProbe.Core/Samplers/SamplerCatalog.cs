namespace ScoreProbe.Core.Samplers;

/// <summary>Samplers by the names the CLI and config files use.</summary>
public static class SamplerCatalog
{
    public static readonly IReadOnlyList<string> Names = ["em", "pf-euler", "alpha", "heun", "rk4", "ddpm", "ddim", "exp-integrator"];

    /// <param name="name">Sampler name.</param>
    /// <param name="alpha">Noise level of the alpha family; used by "alpha" only.</param>
    public static IReverseSampler Create(string name, double alpha = 1.0) => name switch
    {
        "em" => new AlphaFamilySampler(1.0),
        "pf-euler" => new AlphaFamilySampler(0.0),
        "alpha" => new AlphaFamilySampler(alpha),
        "heun" => new HeunOdeSampler(),
        "rk4" => new Rk4OdeSampler(),
        "ddpm" => new DdpmAncestralSampler(),
        "ddim" => new DdimSampler(),
        "exp-integrator" => new ExponentialIntegratorSampler(),
        _ => throw new InvalidConfigurationException($"unknown sampler '{name}'; use one of {string.Join(", ", Names)}"),
    };
}
