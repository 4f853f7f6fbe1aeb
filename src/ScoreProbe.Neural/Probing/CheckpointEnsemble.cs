using ScoreProbe.Core;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// Checkpoints read as one ensemble (several seeds, or several steps of one run): they must model the same vector data with the
/// same schedule. Holds the loaded networks (the sampling weights: EMA when present), the data set and the schedule.
/// </summary>
public sealed class CheckpointEnsemble : IDisposable
{
    private CheckpointEnsemble(IReadOnlyList<Checkpoint> checkpoints, IDataset data, NetworkTimeline timeline)
    {
        Checkpoints = checkpoints;
        Data = data;
        Timeline = timeline;
    }

    public IReadOnlyList<Checkpoint> Checkpoints { get; }

    public IDataset Data { get; }

    public NetworkTimeline Timeline { get; }

    /// <summary>
    /// Loads the checkpoints; image models, mixed data, mixed schedules or mixed architectures are bad input (parameter
    /// <c>checkpoint</c>), reported before any data are opened.
    /// </summary>
    public static CheckpointEnsemble Load(IReadOnlyList<string> paths)
    {
        if (paths.Count == 0) throw new InvalidConfigurationException("checkpoint", "needs at least one checkpoint file");
        var loaded = new List<Checkpoint>();
        try
        {
            foreach (var path in paths) loaded.Add(Checkpoint.Load(path));
            var first = loaded[0].Config;
            if (first.Model.SampleShape.Length != 1)
                throw new InvalidConfigurationException("checkpoint", $"'{paths[0]}' models images ({first.Data}, shape [{string.Join(", ", first.Model.SampleShape)}]); " +
                    "residual probing and the Gaussian prediction need a vector model trained on gaussian:d or gmm:d");
            foreach (var c in loaded.Skip(1))
            {
                if (c.Config.Data != first.Data || c.Config.BetaSchedule != first.BetaSchedule || c.Config.TrainTimesteps != first.TrainTimesteps)
                    throw new InvalidConfigurationException("checkpoint", $"'{c.Path}' was trained on {c.Config.Data} ({c.Config.BetaSchedule}, {c.Config.TrainTimesteps} steps) " +
                        $"but '{loaded[0].Path}' on {first.Data} ({first.BetaSchedule}, {first.TrainTimesteps} steps); an ensemble shares data and schedule");
                if (c.Config.Model != first.Model)
                    throw new InvalidConfigurationException("checkpoint", $"'{c.Path}' has a different architecture from '{loaded[0].Path}'; an ensemble shares it");
            }
            IDataset data;
            try { data = DatasetSpec.Open(first.Data); }
            catch (ArgumentException e) { throw new InvalidConfigurationException("checkpoint", $"'{paths[0]}' names data '{first.Data}' that cannot be opened: {e.Message}"); }
            return new CheckpointEnsemble(loaded, data, new NetworkTimeline(NoiseSchedule.Create(first.BetaSchedule, first.TrainTimesteps)));
        }
        catch
        {
            foreach (var c in loaded) c.Dispose();
            throw;
        }
    }

    public void Dispose()
    {
        foreach (var c in Checkpoints) c.Dispose();
    }
}
