namespace ScoreProbe.Cli.Experiments;

/// <summary>How an experiment runs: <paramref name="Quick"/> scales every size down for the test suite and the demo.</summary>
public sealed record ExperimentSettings(bool Quick, int Seed);
