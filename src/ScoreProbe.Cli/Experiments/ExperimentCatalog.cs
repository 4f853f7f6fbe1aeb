using ScoreProbe.Core;

namespace ScoreProbe.Cli.Experiments;

/// <summary>The experiments of paper 000 and the cross-paper SIEM testbed, in the order <c>experiment all</c> runs them.</summary>
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
        new SiemTruthExperiment(),
    ];

    public static IReadOnlyList<IExperiment> Select(string name) => name == "all"
        ? All
        : All.Where(e => e.Name == name).ToArray() is { Length: 1 } one
            ? one
            : throw new InvalidConfigurationException($"unknown experiment '{name}'; use one of {string.Join(", ", All.Select(e => e.Name))} or all");
}
