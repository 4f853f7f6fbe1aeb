using ScoreProbe.Core.IO;
using System.Text.Json;
using ScoreProbe.Neural.IO;

namespace ScoreProbe.Neural.Training;

/// <summary>One checkpoint's line in <c>run.json</c>.</summary>
/// <param name="Step">Optimiser steps taken.</param>
/// <param name="File">Checkpoint path relative to the run folder.</param>
/// <param name="ElapsedSeconds">Wall time since this process started training.</param>
/// <param name="MeanLoss">Mean training loss over the steps since the previous checkpoint.</param>
/// <param name="StepsPerSecond">Throughput over those steps.</param>
public sealed record CheckpointRecord(int Step, double MeanLoss, string File, double ElapsedSeconds, double StepsPerSecond);

/// <summary>
/// <c>run.json</c> of a run folder: the configuration, library versions, parameter count and every checkpoint written so
/// far with its loss and throughput. Rewritten atomically after each checkpoint.
/// </summary>
public sealed record RunRecord(
    TrainingConfig Config,
    string Dataset,
    long Parameters,
    IReadOnlyDictionary<string, string> Versions,
    IReadOnlyList<CheckpointRecord> Checkpoints,
    int Resumes)
{
    public const string FileName = "run.json";

    public static RunRecord? TryRead(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (!File.Exists(path)) return null;
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<RunRecord>(stream, NeuralJson.Options);
    }

    public void Write(string runDirectory) =>
        AtomicFile.Write(Path.Combine(runDirectory, FileName), s => JsonSerializer.Serialize(s, this, NeuralJson.Options));
}
