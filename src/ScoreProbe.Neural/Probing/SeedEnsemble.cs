using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// An ensemble over training randomness: one training configuration run with seeds 0..M-1 (initial weights, data order and noise
/// all follow the seed, <see cref="Trainer"/>), each run into its own folder <c>seed-SS</c> with checkpoints at the configured
/// steps. Checkpoints of one step across seeds are the ensemble the time-time covariance is estimated from; checkpoints late in
/// one run give the parameter covariance of §9.
/// </summary>
public sealed class SeedEnsemble
{
    private SeedEnsemble(string directory, TrainingConfig config, int seeds)
    {
        Directory = directory;
        Config = config;
        Seeds = seeds;
    }

    public string Directory { get; }

    /// <summary>The configuration of seed 0 (the others differ only in <see cref="TrainingConfig.Seed"/>).</summary>
    public TrainingConfig Config { get; }

    public int Seeds { get; }

    /// <summary>Trains seeds <c>firstSeed .. firstSeed + seeds - 1</c> of <paramref name="config"/> into <paramref name="directory"/>.</summary>
    public static SeedEnsemble Train(TrainingConfig config, IDataset data, int seeds, string directory, ulong firstSeed = 0, Action<int, TrainingProgress>? progress = null)
    {
        for (var m = 0; m < seeds; m++)
        {
            var seed = m;
            new Trainer(config with { Seed = firstSeed + (ulong)m }, data).Run(RunDirectory(directory, m), resume: false, p => progress?.Invoke(seed, p));
        }
        return new SeedEnsemble(directory, config, seeds);
    }

    /// <summary>The checkpoint file of seed index m at <paramref name="step"/>.</summary>
    public string CheckpointPath(int m, int step) => Path.Combine(RunDirectory(Directory, m), "checkpoints", Checkpoint.FileName(step));

    private static string RunDirectory(string directory, int m) => Path.Combine(directory, $"seed-{m:D2}");
}
