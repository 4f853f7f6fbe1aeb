namespace ScoreProbe.Core.Schedules;

/// <summary>Schedules by the names the CLI and config files use.</summary>
public static class ScheduleCatalog
{
    public static readonly IReadOnlyList<string> Names = ["vp-linear", "vp-cosine", "ve", "ddpm", "ddpm-cosine"];

    public static IDiffusionSchedule Create(string name) => name switch
    {
        "vp-linear" => new VpLinearSchedule(),
        "vp-cosine" => new VpCosineSchedule(),
        "ve" => new VeSchedule(),
        "ddpm" => new DiscreteDdpmSchedule(),
        "ddpm-cosine" => new DiscreteDdpmSchedule(betaSchedule: "squaredcos_cap_v2"),
        _ => throw new InvalidConfigurationException($"unknown schedule '{name}'; use one of {string.Join(", ", Names)}"),
    };
}
