using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// One of paper 000's claims as a re-runnable experiment: it computes, compares prediction with measurement, and decides
/// its own verdict from numbers. The result record is all the report sees.
/// </summary>
public interface IExperiment
{
    string Name { get; }
    string Title { get; }

    /// <summary>The configuration actually used (recorded in the result file).</summary>
    object Configuration(ExperimentSettings settings);

    ExperimentRecord Run(ExperimentSettings settings, Action<string> log);
}
