using System.Diagnostics;
using System.Text.Json;
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

    /// <summary>
    /// Trains into <paramref name="runDirectory"/>. With <paramref name="resume"/> the latest readable checkpoint there is
    /// loaded (model, EMA, optimiser, step) and training continues after it; without it the folder must hold no run.
    /// </summary>
    public TrainingOutcome Run(string runDirectory, bool resume, Action<TrainingProgress>? progress = null, CancellationToken cancel = default)
    {
        Config.Validate();
        NativeLoader.EnsureLoaded();
        var checkpointDirectory = Path.Combine(runDirectory, "checkpoints");
        Directory.CreateDirectory(checkpointDirectory);
        var schedule = NoiseSchedule.Create(Config.BetaSchedule, Config.TrainTimesteps);

        if (resume)
        {
            // A process killed while writing leaves its temporary file behind; the rename never happened, so it is garbage.
            foreach (var stale in Directory.EnumerateFiles(checkpointDirectory, "*.tmp")) File.Delete(stale);
        }
        using var latest = resume ? LatestCheckpoint(checkpointDirectory) : null;
        if (!resume && Directory.EnumerateFiles(checkpointDirectory, "*.ckpt").Any())
            throw new ArgumentException($"{runDirectory} already holds checkpoints; pass --resume to continue or choose another --out");
        if (latest is not null && !SameRun(latest.Config))
            throw new ArgumentException($"{latest.Path} was written by a different configuration; resume with the original options");

        if (latest is null) manual_seed((long)Config.Seed);
        using var model = latest is null ? Initialise(Config.Model.Build()) : latest.Model.Config.Build();
        if (latest is not null) model.load_state_dict(latest.Model.state_dict());
        model.train();
        var parameters = model.parameters().ToArray();
        using var optimizer = optim.AdamW(parameters, Config.LearningRate, 0.9, 0.999, 1e-8, Config.WeightDecay);
        latest?.RestoreOptimizer(optimizer);
        using var ema = Config.EmaDecay is { } decay ? new ExponentialMovingAverage(model, decay) : null;
        if (ema is not null && latest?.Ema is { } savedEma) ema.Model.load_state_dict(savedEma.state_dict());

        var startStep = latest?.Step ?? 0;
        var previous = RunRecord.TryRead(runDirectory);
        var kept = previous?.Checkpoints.Where(c => c.Step <= startStep).ToList() ?? [];
        // A kill between a checkpoint's rename and run.json's rewrite leaves that checkpoint unrecorded; its header still
        // has the step and the mean loss (time and throughput of that interval are lost: NaN).
        if (latest is not null && kept.All(c => c.Step != latest.Step))
            kept.Add(new CheckpointRecord(latest.Step, latest.Header.MeanLoss, Path.GetRelativePath(runDirectory, latest.Path), double.NaN, double.NaN));
        var record = new RunRecord(Config, Data.Name, model.ParameterCount(), NeuralJson.Versions, kept, (previous?.Resumes ?? -1) + 1);
        record.Write(runDirectory);

        var clock = Stopwatch.StartNew();
        var (lossSum, lossSteps, intervalStart) = (0.0, 0, clock.Elapsed);
        var step = startStep;
        while (step < Config.Steps && !cancel.IsCancellationRequested)
        {
            step++;
            var loss = TrainStep(model, parameters, optimizer, schedule, step);
            ema?.Update(model);
            (lossSum, lossSteps) = (lossSum + loss, lossSteps + 1);
            var rate = lossSteps / Math.Max(1e-9, (clock.Elapsed - intervalStart).TotalSeconds);
            progress?.Invoke(new TrainingProgress(step, Config.Steps, loss, rate));
            if (!Config.Checkpoints.Contains(step)) continue;

            var file = Path.Combine(checkpointDirectory, Checkpoint.FileName(step));
            Checkpoint.Save(file, new CheckpointHeader(Checkpoint.FormatVersion, step, lossSum / lossSteps, Config, NeuralJson.Versions),
                model, ema, optimizer);
            record = record with
            {
                Checkpoints = [.. record.Checkpoints,
                    new CheckpointRecord(step, lossSum / lossSteps, Path.GetRelativePath(runDirectory, file), clock.Elapsed.TotalSeconds, rate)],
            };
            record.Write(runDirectory);
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

    /// <summary>A resume may change the length of the run and its checkpoint list; everything else must match.</summary>
    private bool SameRun(TrainingConfig saved)
    {
        var comparable = saved with { Steps = Config.Steps, Checkpoints = Config.Checkpoints };
        return JsonSerializer.Serialize(comparable, NeuralJson.Options) == JsonSerializer.Serialize(Config, NeuralJson.Options);
    }

    private static Checkpoint? LatestCheckpoint(string directory)
    {
        foreach (var file in Directory.EnumerateFiles(directory, "step-*.ckpt").Order(StringComparer.Ordinal).Reverse())
        {
            try { return Checkpoint.Load(file); }
            catch (DataUnavailableException) { }
        }
        return null;
    }
}
