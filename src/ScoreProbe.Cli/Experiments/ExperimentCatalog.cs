using ScoreProbe.Core;

namespace ScoreProbe.Cli.Experiments;

/// <summary>The experiments of paper 000, then paper 004's (the SPDE band, the SIEM testbed), in the order <c>experiment all</c> runs them.</summary>
public static class ExperimentCatalog
{
    public static IReadOnlyList<IExperiment> All { get; } =
    [
        new SpectraExperiment(),
        new AblationExperiment(),
        new TightnessExperiment(),
        new SolversExperiment(),
        new RemainderExperiment(),
        new IdentifiabilityExperiment(),
        new GridsExperiment(),
        new SpdeBandExperiment(),
        new SiemTruthExperiment(),
        new TrainedExperiment(),
    ];

    /// <summary>The experiments that check paper 004 (the SPDE model and SIEM); the others check paper 000.</summary>
    private static readonly HashSet<string> Paper004 = ["spde-band", "siem-truth"];

    /// <summary>"000" or "004": the paper whose claims <paramref name="name"/> checks.</summary>
    public static string Paper(string name) => Paper004.Contains(name) ? "004" : "000";

    public static IReadOnlyList<IExperiment> Select(string name) => name == "all"
        ? All
        : All.Where(e => e.Name == name).ToArray() is { Length: 1 } one
            ? one
            : throw new InvalidConfigurationException($"unknown experiment '{name}'; use one of {string.Join(", ", All.Select(e => e.Name))} or all");
}
