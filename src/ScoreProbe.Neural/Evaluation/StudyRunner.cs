using ScoreProbe.Core.IO;
using System.Text.Json;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>Worker <paramref name="Index"/> of <paramref name="Count"/> (0-based): it evaluates jobs Index, Index + Count, ...</summary>
public sealed record StudyShard(int Index, int Count)
{
    /// <summary>Parses "K/N" with 0 &lt;= K &lt; N.</summary>
    public static StudyShard Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], out var index) && int.TryParse(parts[1], out var count) && count >= 1 && index >= 0 && index < count)
            return new StudyShard(index, count);
        throw new ArgumentException($"--shard must be K/N with 0 <= K < N (got '{text}')");
    }
}

/// <summary>One training run of the study: its folder name and record.</summary>
public sealed record StudyRun(string Name, string Directory, RunRecord Record);

/// <summary>
/// Evaluates every checkpoint of one or more training runs (folders written by <c>scoreprobe train</c>) under every
/// evaluation seed. Each (run, step, seed) result is cached atomically as <c>CACHE/RUN-stepNNNNNNN-seedS.json</c> together
/// with the options that produced it, so an interrupted study resumes where it stopped, more seeds reuse the ones done,
/// and changed evaluation options recompute. With a <paramref name="samplesDirectory"/>, the first seed's evaluation of
/// each checkpoint of image data also writes a grid of its generated samples there (<see cref="SampleGridFileName"/>).
/// </summary>
public sealed class StudyRunner(StudyOptions options, string cacheDirectory, string? samplesDirectory = null)
{
    /// <summary>The file name of the sample grid of <paramref name="run"/> at <paramref name="step"/> in the samples directory.</summary>
    public static string SampleGridFileName(string run, int step) => $"{run}-step{step:D7}.png";

    /// <summary>Reads the run folders; <see cref="DataUnavailableException"/> when one holds no run.json or no checkpoint.</summary>
    public static IReadOnlyList<StudyRun> OpenRuns(IEnumerable<string> directories)
    {
        var runs = directories.Select(dir =>
        {
            var record = RunRecord.TryRead(dir) ?? throw new DataUnavailableException($"'{dir}' holds no {RunRecord.FileName}; pass folders written by 'scoreprobe train'");
            if (record.Checkpoints.Count == 0) throw new DataUnavailableException($"run '{dir}' has no checkpoints yet");
            return new StudyRun(Path.GetFileName(Path.GetFullPath(dir).TrimEnd(Path.DirectorySeparatorChar)), dir, record);
        }).ToList();
        if (runs.Select(r => r.Name).Distinct().Count() != runs.Count)
            throw new ArgumentException("run folders must have distinct names (they label the results)");
        if (runs.Select(r => r.Record.Config.Data).Distinct().Count() != 1)
            throw new ArgumentException($"all runs must be trained on the same data (got {string.Join(", ", runs.Select(r => r.Record.Config.Data).Distinct())})");
        return runs;
    }

    /// <summary>Every (checkpoint, seed) result, computed or read from the cache.</summary>
    /// <param name="runs">Runs from <see cref="OpenRuns"/>.</param>
    /// <param name="dataCache">MNIST and feature-network cache folder.</param>
    /// <param name="progress">(label, finished evaluations, total evaluations).</param>
    /// <param name="log">Hears about cache hits and feature-network training.</param>
    /// <param name="shard">Only every <c>Count</c>-th job starting at <c>Index</c>: one worker of several sharing the cache.</param>
    public IReadOnlyList<CheckpointMetrics> Run(IReadOnlyList<StudyRun> runs, string dataCache, Action<string, int, int>? progress = null,
        Action<string>? log = null, StudyShard? shard = null)
    {
        var dataSpec = runs[0].Record.Config.Data;
        options.Validate(runs[0].Record.Config.TrainTimesteps);
        var jobs = Jobs(runs).Where((_, i) => shard is null || i % shard.Count == shard.Index).ToList();
        var results = new List<CheckpointMetrics>();
        Lazy<(IDataset Real, IFeatureExtractor Features)> inputs = new(() => OpenInputs(dataSpec, dataCache, log));
        foreach (var (run, entry, seed) in jobs)
        {
            var label = $"{run.Name} step {entry.Step} seed {seed}";
            var path = CachePath(run, entry, seed);
            if (TryReadCached(path) is { } cached)
            {
                results.Add(cached);
                log?.Invoke($"{label}: cached");
            }
            else
            {
                using var checkpoint = Checkpoint.Load(Path.Combine(run.Directory, entry.File));
                var grid = samplesDirectory is not null && seed == options.BaseSeed ? Path.Combine(samplesDirectory, SampleGridFileName(run.Name, entry.Step)) : null;
                var metrics = new CheckpointEvaluator(options, inputs.Value.Real, inputs.Value.Features).Evaluate(run.Name, checkpoint, seed, grid);
                AtomicFile.Write(path, s => JsonSerializer.Serialize(s, new CachedMetrics(options, metrics), NeuralJson.Options));
                results.Add(metrics);
            }
            progress?.Invoke(label, results.Count, jobs.Count);
        }
        if (inputs.IsValueCreated && inputs.Value.Features is IDisposable disposable) disposable.Dispose();
        return results;
    }

    /// <summary>How many of the study's (checkpoint, seed) results the cache already holds for these options.</summary>
    public int CountCached(IReadOnlyList<StudyRun> runs) => Jobs(runs).Count(j => TryReadCached(CachePath(j.Run, j.Checkpoint, j.Seed)) is not null);

    /// <summary>
    /// Opens the reference data and the feature network once, downloading or training them into <paramref name="dataCache"/>
    /// when missing, so that worker processes started afterwards find them there.
    /// </summary>
    public (IDataset Real, IFeatureExtractor Features) OpenInputs(string dataSpec, string dataCache, Action<string>? log = null) =>
        (ReferenceData.Open(dataSpec, dataCache), FeatureNetworks.Open(options.Features, dataSpec, dataCache, log));

    private List<(StudyRun Run, CheckpointRecord Checkpoint, ulong Seed)> Jobs(IReadOnlyList<StudyRun> runs) =>
        runs.SelectMany(r => r.Record.Checkpoints.Select(c => (Run: r, Checkpoint: c)))
            .SelectMany(j => Enumerable.Range(0, options.Seeds).Select(s => (j.Run, j.Checkpoint, Seed: options.BaseSeed + (ulong)s))).ToList();

    private string CachePath(StudyRun run, CheckpointRecord entry, ulong seed) => Path.Combine(cacheDirectory, $"{run.Name}-step{entry.Step:D7}-seed{seed}.json");

    private CheckpointMetrics? TryReadCached(string path)
    {
        if (!File.Exists(path)) return null;
        try
        {
            var cached = JsonSerializer.Deserialize<CachedMetrics>(File.ReadAllText(path), NeuralJson.Options);
            // The number of seeds and the first seed do not change one (checkpoint, seed) result: a study grown by more seeds reuses it.
            return cached is not null && SameEvaluation(cached.Options, options) ? cached.Metrics : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static bool SameEvaluation(StudyOptions a, StudyOptions b) => a with { Seeds = 1, BaseSeed = 0 } == b with { Seeds = 1, BaseSeed = 0 };

    /// <summary>A cached result with the options that produced it.</summary>
    private sealed record CachedMetrics(StudyOptions Options, CheckpointMetrics Metrics);
}
