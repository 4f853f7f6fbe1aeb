using ScoreProbe.Core.IO;
using System.Text.Json;
using ScoreProbe.Neural.Data;
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
/// What one <c>train</c> invocation ran: optimiser steps <c>FromStep + 1 .. ToStep</c> (the last checkpoint it wrote;
/// steps after it are lost when the process stops), under a learning-rate schedule of <c>TotalSteps</c> steps.
/// </summary>
/// <remarks>
/// A resume may change the length of the run, and the cosine schedule is a function of it, so steps before and after a
/// resume can have run under different schedules; the segments record which.
/// </remarks>
public sealed record RunSegment(int FromStep, int ToStep, int TotalSteps);

/// <summary>
/// <c>run.json</c> of a run folder: the configuration, library versions, parameter count, every checkpoint written so
/// far with its loss and throughput, and the segment each invocation ran. Rewritten atomically after each checkpoint.
/// <see cref="Config"/> is the configuration of the latest invocation (its <c>steps</c> is where that one stops).
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

    /// <summary>The invocations that trained this run, in order (empty in records written before segments existed).</summary>
    public IReadOnlyList<RunSegment> Segments { get; init; } = [];

    /// <summary>
    /// Reads <c>run.json</c> of <paramref name="runDirectory"/>, or null when there is none. Throws
    /// <see cref="DataUnavailableException"/> when it is not a run record.
    /// </summary>
    public static RunRecord? TryRead(string runDirectory)
    {
        var path = Path.Combine(runDirectory, FileName);
        if (Directory.Exists(path)) throw new DataUnavailableException($"'{path}' is a folder, not a run record; move it away");
        if (!File.Exists(path)) return null;
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<RunRecord>(stream, NeuralJson.Options) is { Config: not null, Checkpoints: not null } record
                ? record
                : throw new JsonException("it lacks the config or the checkpoint list");
        }
        catch (JsonException e)
        {
            throw new DataUnavailableException(
                $"'{path}' is not a ScoreProbe run record ({e.Message}); restore it, or delete it and resume the run to rebuild it from the checkpoints", e);
        }
    }

    public void Write(string runDirectory) =>
        AtomicFile.Write(Path.Combine(runDirectory, FileName), s => JsonSerializer.Serialize(s, this, NeuralJson.Options));
}
