using System.Diagnostics;
using System.Text.Json;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Training;

/// <summary>Progress of a run after one optimiser step.</summary>
public sealed record TrainingProgress(int Step, int TotalSteps, double Loss, double StepsPerSecond);

/// <summary>How a call to <see cref="Trainer.Run"/> ended.</summary>
public sealed record TrainingOutcome(RunRecord Record, int StartStep, int EndStep, bool Cancelled);

/// <summary>
/// DDPM training (Ho et al. 2020, Algorithm 1): <c>t ~ U{0..T-1}</c>, <c>eps ~ N(0, I)</c>,
/// loss <c>|eps - eps_hat(sqrt(abar_t) x0 + sqrt(1 - abar_t) eps, t)|^2</c> (mean over elements), with the optimiser
/// settings of <see cref="TrainingConfig"/>.
/// </summary>
/// <remarks>
/// Reproducibility: the initial weights come from <c>torch.manual_seed(seed)</c>; step k draws its batch, timesteps and
/// noise from a generator seeded with a hash of (seed, k). A run resumed from a checkpoint therefore continues on the
/// same data and noise as an uninterrupted one.
/// </remarks>
public sealed class Trainer(TrainingConfig config, IDataset data)
{
    public TrainingConfig Config { get; } = config;

    public IDataset Data { get; } = data;

    /// <summary>Seed of the generator used at optimiser step <paramref name="step"/> (1-based).</summary>
    public static ulong StepSeed(ulong seed, int step) => unchecked(seed * 0x9E3779B97F4A7C15UL + (ulong)step * 0xBF58476D1CE4E5B9UL + 1);

    /// <summary>Hears one line per notable event that does not stop the run (an unreadable checkpoint skipped on resume).</summary>
    public Action<string>? Log { get; init; }

    /// <summary>
    /// Trains into <paramref name="runDirectory"/>, holding its lock (<see cref="RunFolder"/>) for the whole call. With
    /// <paramref name="resume"/> the newest readable checkpoint there is loaded (model, EMA, optimiser, step) and training
    /// continues after it up to <see cref="TrainingConfig.Steps"/>; without it the folder must hold no checkpoints.
    /// </summary>
    /// <remarks>
    /// Everything that can be checked is checked before the folder is touched: the configuration, the memory a step
    /// needs (<see cref="TrainingMemory"/>), the folder's layout and lock; then, on resume, the checkpoints and the run
    /// record. A resume refuses a configuration other than the saved one (except <c>steps</c> and <c>checkpoints</c>), a
    /// <c>steps</c> below the step already reached, and a folder whose checkpoints are all unreadable.
    /// </remarks>
    public TrainingOutcome Run(string runDirectory, bool resume, Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        Config.Validate();
        TrainingMemory.EnsureFits(Config);
        NativeLoader.EnsureLoaded();
        using var folder = RunFolder.Open(runDirectory);
        var files = folder.CheckpointFiles();
        if (!resume && files.Count > 0)
            throw new InvalidConfigurationException(RunFolder.Parameter, $"'{runDirectory}' already holds checkpoints of a run; resume it, or choose another folder");
        var previous = resume ? RunRecord.TryRead(folder.Path) : null;
        using var latest = resume ? NewestReadable(folder, files) : null;
        if (latest is not null) CheckResumable(latest);

        var schedule = Config.CreateNoiseSchedule();
        using var model = latest is null ? Initialise(Config.Model.Build((long)Config.Seed)) : latest.Model.Config.Build();
        if (latest is not null) model.load_state_dict(latest.Model.state_dict());
        model.train();
        var parameters = model.parameters().ToArray();
        using var optimizer = optim.AdamW(parameters, Config.LearningRate, 0.9, 0.999, 1e-8, Config.WeightDecay);
        latest?.RestoreOptimizer(optimizer);
        using var ema = Config.EmaDecay is { } decay ? new ExponentialMovingAverage(model, decay) : null;
        if (ema is not null && latest?.Ema is { } savedEma) ema.Model.load_state_dict(savedEma.state_dict());

        var startStep = latest?.Step ?? 0;
        var record = new RunRecord(Config, Data.Name, model.ParameterCount(), NeuralJson.Versions, KeptCheckpoints(folder, files, previous, startStep),
            (previous?.Resumes ?? -1) + 1)
        {
            Segments = [.. previous?.Segments ?? [], new RunSegment(startStep, startStep, Config.Steps)],
        };
        record.Write(folder.Path);

        var clock = Stopwatch.StartNew();
        var (lossSum, lossSteps, intervalStart) = (0.0, 0, clock.Elapsed);
        var step = startStep;
        while (step < Config.Steps && !cancel.IsCancellationRequested)
        {
            step++;
            var loss = TrainStep(model, parameters, optimizer, schedule, step);
            if (!double.IsFinite(loss))
                throw new InvalidConfigurationException("learning-rate",
                    $"{Guard.Show(Config.LearningRate)} made training diverge: the loss of step {step} is {Guard.Show(loss)}; " +
                    "lower the learning rate (checkpoints before this step are kept and can be resumed)");
            ema?.Update(model);
            (lossSum, lossSteps) = (lossSum + loss, lossSteps + 1);
            var rate = lossSteps / Math.Max(1e-9, (clock.Elapsed - intervalStart).TotalSeconds);
            progress?.Invoke(new TrainingProgress(step, Config.Steps, loss, rate));
            if (!Config.Checkpoints.Contains(step)) continue;

            var file = Path.Combine(folder.CheckpointDirectory, Checkpoint.FileName(step));
            Checkpoint.Save(file, new CheckpointHeader(Checkpoint.FormatVersion, step, lossSum / lossSteps, Config, NeuralJson.Versions),
                model, ema, optimizer);
            record = record with
            {
                Checkpoints = [.. record.Checkpoints,
                    new CheckpointRecord(step, lossSum / lossSteps, Path.GetRelativePath(folder.Path, file), clock.Elapsed.TotalSeconds, rate)],
                Segments = [.. record.Segments.SkipLast(1), record.Segments[^1] with { ToStep = step }],
            };
            record.Write(folder.Path);
            (lossSum, lossSteps, intervalStart) = (0.0, 0, clock.Elapsed);
        }
        return new TrainingOutcome(record, startStep, step, step < Config.Steps);
    }

    private double TrainStep(NoisePredictor model, Parameter[] parameters, OptimizerHelper optimizer, NoiseSchedule schedule, int step)
    {
        using var scope = NewDisposeScope();
        optimizer.ParamGroups.First().LearningRate =
            Config.LearningRate * LearningRateSchedule.Factor(step - 1, Config.WarmupSteps, Config.Steps);
        using var generator = new Generator(StepSeed(Config.Seed, step));
        var x0 = Data.Sample(Config.BatchSize, generator);
        var t = randint(0, schedule.Length, [Config.BatchSize], generator: generator);
        var noise = randn(x0.shape, generator: generator);
        var loss = F.mse_loss(model.forward(schedule.AddNoise(x0, noise, t), t), noise);
        optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(parameters, Config.GradientClipNorm);
        optimizer.step();
        return loss.item<float>();
    }

    private NoisePredictor Initialise(NoisePredictor model)
    {
        if (Config.Init == InitScheme.ZeroResidual)
        {
            using var noGrad = no_grad();
            foreach (var p in model.OutputParameters()) p.zero_();
        }
        return model;
    }

    /// <summary>
    /// A resume may change the length of the run and its checkpoint list; everything else must match, and the run must not
    /// already be past the requested length.
    /// </summary>
    private void CheckResumable(Checkpoint latest)
    {
        var saved = JsonSerializer.SerializeToElement(latest.Config with { Steps = Config.Steps, Checkpoints = Config.Checkpoints }, NeuralJson.Options);
        var requested = JsonSerializer.SerializeToElement(Config, NeuralJson.Options);
        var differences = requested.EnumerateObject()
            .Where(p => !saved.TryGetProperty(p.Name, out var value) || value.GetRawText() != p.Value.GetRawText())
            .Select(p => $"{p.Name} {(saved.TryGetProperty(p.Name, out var value) ? value.GetRawText() : "unset")} there, {p.Value.GetRawText()} now")
            .ToArray();
        if (differences.Length > 0)
            throw new InvalidConfigurationException(
                $"'{latest.Path}' was written by a run with other settings ({string.Join("; ", differences)}); resume with the original settings, or train into another folder");
        if (latest.Step > Config.Steps)
            throw new InvalidConfigurationException("steps",
                $"must be at least {latest.Step} to resume this run (got {Config.Steps}): it already reached step {latest.Step} ('{latest.Path}'); " +
                "to use an earlier state, sample from an earlier checkpoint");
    }

    /// <summary>The newest checkpoint that loads; unreadable ones are skipped with a log line, and refused when none loads.</summary>
    private Checkpoint? NewestReadable(RunFolder folder, IReadOnlyList<string> files)
    {
        var problems = new List<string>();
        foreach (var file in files.Reverse())
        {
            try
            {
                return Checkpoint.Load(file);
            }
            catch (DataUnavailableException e)
            {
                problems.Add(e.Message);
                Log?.Invoke($"skipping an unreadable checkpoint: {e.Message}");
            }
        }
        if (problems.Count > 0)
            throw new InvalidConfigurationException(RunFolder.Parameter,
                $"'{folder.Path}' holds {problems.Count} checkpoints and none can be read (newest: {problems[0]}); restore them from a copy, " +
                $"or delete the folder {RunFolder.CheckpointFolderName} to train the run from the start");
        return null;
    }

    /// <summary>
    /// The checkpoint lines of the record for a run continuing after <paramref name="startStep"/>: those of the previous
    /// record up to that step, plus every checkpoint file up to it that the record lacks (a kill between a checkpoint's
    /// rename and run.json's rewrite, or a deleted run.json), rebuilt from its header; their time and throughput are lost
    /// (NaN).
    /// </summary>
    private List<CheckpointRecord> KeptCheckpoints(RunFolder folder, IReadOnlyList<string> files, RunRecord? previous, int startStep)
    {
        var kept = previous?.Checkpoints.Where(c => c.Step <= startStep).ToList() ?? [];
        foreach (var file in files)
        {
            CheckpointHeader header;
            try
            {
                header = Checkpoint.ReadHeader(file);
            }
            catch (DataUnavailableException e)
            {
                Log?.Invoke($"not recording an unreadable checkpoint: {e.Message}");
                continue;
            }
            if (header.Step <= startStep && kept.All(c => c.Step != header.Step))
                kept.Add(new CheckpointRecord(header.Step, header.MeanLoss, Path.GetRelativePath(folder.Path, file), double.NaN, double.NaN));
        }
        return [.. kept.OrderBy(c => c.Step)];
    }
}
