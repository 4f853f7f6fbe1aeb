using System.Security.Cryptography;
using System.Text.Json;
using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>Worker <paramref name="Index"/> of <paramref name="Count"/> (0-based): it evaluates jobs Index, Index + Count, ...</summary>
public sealed record StudyShard(int Index, int Count)
{
    /// <summary>Parses "K/N" with 0 &lt;= K &lt; N; <see cref="InvalidConfigurationException"/> (parameter <c>shard</c>) otherwise.</summary>
    public static StudyShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var index) && int.TryParse(parts[1], out var count) && count >= 1 && index >= 0 && index < count)
            return new StudyShard(index, count);
        throw new InvalidConfigurationException("shard", $"must be K/N with 0 <= K < N (got '{text}')");
    }
}

/// <summary>One checkpoint of a study run, identified by the SHA-256 of its file.</summary>
public sealed record StudyCheckpoint(int Step, string File, string Sha256);

/// <summary>One training run of the study: its folder name, data and checkpoints.</summary>
public sealed record StudyRun(string Name, string Directory, RunRecord Record, IReadOnlyList<StudyCheckpoint> Checkpoints)
{
    /// <summary>The data spec the run was trained on.</summary>
    public string Data => Record.Config.Data;
}

/// <summary>
/// Evaluates every checkpoint of one or more training runs (folders written by <c>scoreprobe train</c>, on one or more data
/// sets) under every evaluation seed. Each (checkpoint, seed) result is cached atomically as
/// <c>CACHE/RUN-stepNNNNNNN-seedS-KEY.json</c>, where KEY hashes the checkpoint file's SHA-256, the seed and the options that
/// decide the result: an interrupted study resumes where it stopped, more seeds reuse the ones done, and changed options
/// or a retrained run folder (new checkpoint bytes under the same name) recompute. With a
/// <paramref name="samplesDirectory"/>, the first seed's evaluation of each checkpoint of image data also writes a grid of
/// its generated samples there (<see cref="SampleGridFileName"/>).
/// </summary>
public sealed class StudyRunner(StudyOptions options, string cacheDirectory, string? samplesDirectory = null)
{
    /// <summary>The file name of the sample grid of <paramref name="run"/> at <paramref name="step"/> in the samples directory.</summary>
    public static string SampleGridFileName(string run, int step) => $"{run}-step{step:D7}.png";

    /// <summary>
    /// Reads the run folders and hashes their checkpoints; <see cref="DataUnavailableException"/> when one holds no
    /// readable run.json, no checkpoint, or a listed checkpoint is missing.
    /// </summary>
    public static IReadOnlyList<StudyRun> OpenRuns(IEnumerable<string> directories)
    {
        var runs = directories.Select(OpenRun).ToList();
        if (runs.Select(r => r.Name).Distinct().Count() != runs.Count)
            throw new InvalidConfigurationException("runs", "must be folders with distinct names (the names label the results)");
        return runs;
    }

    private static StudyRun OpenRun(string dir)
    {
        if (!Directory.Exists(dir)) throw new DataUnavailableException($"run folder '{dir}' does not exist; pass folders written by 'scoreprobe train'");
        RunRecord? record;
        try
        {
            record = RunRecord.TryRead(dir);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or InvalidOperationException)
        {
            throw new DataUnavailableException($"'{Path.Combine(dir, RunRecord.FileName)}' is not a run record ({FirstLine(e.Message)}); restore it or train the run again");
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new DataUnavailableException($"'{Path.Combine(dir, RunRecord.FileName)}' cannot be read ({e.Message}); pass folders written by 'scoreprobe train'");
        }
        if (record?.Config?.Data is null || record.Checkpoints is null)
            throw new DataUnavailableException(record is null
                ? $"'{dir}' holds no {RunRecord.FileName}; pass folders written by 'scoreprobe train'"
                : $"'{Path.Combine(dir, RunRecord.FileName)}' is not a complete run record; restore it or train the run again");
        if (record.Checkpoints.Count == 0) throw new DataUnavailableException($"run '{dir}' has no checkpoints yet");
        var checkpoints = record.Checkpoints.Select(c =>
        {
            var path = Path.Combine(dir, c.File);
            if (!File.Exists(path)) throw new DataUnavailableException($"run '{dir}' lists {c.File}, which does not exist; train the run again");
            using var stream = File.OpenRead(path);
            return new StudyCheckpoint(c.Step, c.File, Convert.ToHexStringLower(SHA256.HashData(stream)));
        }).ToList();
        return new StudyRun(Path.GetFileName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar)), dir, record, checkpoints);
    }

    /// <summary>Every (checkpoint, seed) result, computed or read from the cache.</summary>
    /// <param name="runs">Runs from <see cref="OpenRuns"/>.</param>
    /// <param name="dataCache">Data and feature-network cache folder.</param>
    /// <param name="progress">(label, finished evaluations, total evaluations).</param>
    /// <param name="log">Hears about cache hits and feature-network training.</param>
    /// <param name="shard">Only every <c>Count</c>-th job starting at <c>Index</c>: one worker of several sharing the cache.</param>
    public IReadOnlyList<CheckpointEvaluation> Run(IReadOnlyList<StudyRun> runs, string dataCache, Action<string, int, int>? progress = null,
        Action<string>? log = null, StudyShard? shard = null)
    {
        foreach (var run in runs) options.Validate(run.Record.Config.TrainTimesteps);
        var jobs = Jobs(runs).Where((_, i) => shard is null || i % shard.Count == shard.Index).ToList();
        var results = new List<CheckpointEvaluation>();
        var inputs = new Dictionary<string, (IDataset Real, IFeatureExtractor Features)>();
        try
        {
            foreach (var (run, checkpoint, seed) in jobs)
            {
                var label = $"{run.Name} step {checkpoint.Step} seed {seed}";
                var path = CachePath(run, checkpoint, seed);
                if (TryReadCached(path, run, checkpoint, seed) is { } cached)
                {
                    results.Add(cached);
                    log?.Invoke($"{label}: cached");
                }
                else
                {
                    if (!inputs.TryGetValue(run.Data, out var input)) inputs[run.Data] = input = OpenInputs(run.Data, dataCache, log);
                    using var loaded = Checkpoint.Load(Path.Combine(run.Directory, checkpoint.File));
                    var grid = samplesDirectory is not null && seed == options.BaseSeed ? Path.Combine(samplesDirectory, SampleGridFileName(run.Name, checkpoint.Step)) : null;
                    var evaluation = new CheckpointEvaluator(options, input.Real, input.Features)
                        .Evaluate(run.Name, run.Data, loaded, checkpoint.Sha256, seed, grid);
                    AtomicFile.Write(path, s => JsonSerializer.Serialize(s, new CachedEvaluation(options.EvaluationKey(), evaluation), NeuralJson.Options));
                    results.Add(evaluation);
                }
                progress?.Invoke(label, results.Count, jobs.Count);
            }
        }
        finally
        {
            foreach (var (real, features) in inputs.Values)
            {
                (real as IDisposable)?.Dispose();
                (features as IDisposable)?.Dispose();
            }
        }
        return results;
    }

    /// <summary>How many of the study's (checkpoint, seed) results the cache already holds for these options.</summary>
    public int CountCached(IReadOnlyList<StudyRun> runs) => Jobs(runs).Count(j => TryReadCached(CachePath(j.Run, j.Checkpoint, j.Seed), j.Run, j.Checkpoint, j.Seed) is not null);

    /// <summary>
    /// Opens the reference data and the feature network of one data set, fetching or training them into
    /// <paramref name="dataCache"/> when missing, so that worker processes started afterwards find them there.
    /// </summary>
    public (IDataset Real, IFeatureExtractor Features) OpenInputs(string dataSpec, string dataCache, Action<string>? log = null) =>
        (ReferenceData.Open(dataSpec, dataCache), FeatureNetworks.Open(options.Features, dataSpec, dataCache, log));

    /// <summary>Fetches and trains what every data set of <paramref name="runs"/> needs, then releases it (before workers start).</summary>
    public void PrepareInputs(IReadOnlyList<StudyRun> runs, string dataCache, Action<string>? log = null)
    {
        foreach (var data in runs.Select(r => r.Data).Distinct())
        {
            var (real, features) = OpenInputs(data, dataCache, log);
            (real as IDisposable)?.Dispose();
            (features as IDisposable)?.Dispose();
        }
    }

    /// <summary>The (run, checkpoint, seed) jobs in the study's fixed order (runs as given, steps, seeds).</summary>
    public IReadOnlyList<(StudyRun Run, StudyCheckpoint Checkpoint, ulong Seed)> Jobs(IReadOnlyList<StudyRun> runs) =>
        runs.SelectMany(r => r.Checkpoints.Select(c => (Run: r, Checkpoint: c)))
            .SelectMany(j => Enumerable.Range(0, options.Seeds).Select(s => (j.Run, j.Checkpoint, Seed: options.BaseSeed + (ulong)s))).ToList();

    private string CachePath(StudyRun run, StudyCheckpoint checkpoint, ulong seed) =>
        Path.Combine(cacheDirectory, $"{run.Name}-step{checkpoint.Step:D7}-seed{seed}-{options.CacheKey(checkpoint.Sha256, seed)}.json");

    /// <summary>The cached result when the file parses and was made from these checkpoint bytes, seed and options; else null (recompute).</summary>
    private CheckpointEvaluation? TryReadCached(string path, StudyRun run, StudyCheckpoint checkpoint, ulong seed)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var cached = JsonSerializer.Deserialize<CachedEvaluation>(File.ReadAllText(path), NeuralJson.Options);
            return cached?.Evaluation is { } evaluation && cached.Options == options.EvaluationKey()
                   && evaluation.CheckpointSha256 == checkpoint.Sha256 && evaluation.Seed == seed
                   && evaluation.Sizes?.Select(s => s.Samples).SequenceEqual(options.SampleSizes) == true
                   && evaluation.Sizes.All(s => s.Points is not null && CoversGrids(s.Points, run.Record.Config.TrainTimesteps))
                ? evaluation
                : null;
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="points"/> hold xi at every timestep of both SIEM grids (a damaged file may not).</summary>
    private bool CoversGrids(IReadOnlyList<SiemPoint> points, int total)
    {
        var timesteps = points.Select(p => p.Timestep).ToHashSet();
        return options.Siem.FullTimesteps(total).Concat(options.Siem.FirstTimesteps(total)).All(timesteps.Contains);
    }

    private static string FirstLine(string text) => text.Split('\n')[0].Trim();

    /// <summary>A cached result with the options that produced it (<see cref="StudyOptions.EvaluationKey"/>).</summary>
    private sealed record CachedEvaluation(string Options, CheckpointEvaluation Evaluation);
}
