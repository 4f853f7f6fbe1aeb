using ScoreProbe.Core;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// What <c>--checkpoint PATH</c> names, whatever its format: a ScoreProbe checkpoint file (<c>.ckpt</c>, from
/// <c>scoreprobe train</c>) or a diffusers model folder. Either way it yields the network to sample from and the
/// scheduler config to sample it with; a checkpoint also knows its training data and step.
/// </summary>
public sealed class ModelSource : IDisposable
{
    private ModelSource(string path, NoisePredictor model, SchedulerConfig scheduler, Checkpoint? checkpoint, string description)
    {
        Path = path;
        Model = model;
        Scheduler = scheduler;
        Checkpoint = checkpoint;
        Description = description;
    }

    public string Path { get; }

    /// <summary>The network to sample from (a checkpoint's EMA weights when it kept them).</summary>
    public NoisePredictor Model { get; }

    public SchedulerConfig Scheduler { get; }

    /// <summary>The ScoreProbe checkpoint, or null for a diffusers folder.</summary>
    public Checkpoint? Checkpoint { get; }

    /// <summary>The data a ScoreProbe checkpoint was trained on (<c>--data</c> spelling); null for diffusers models.</summary>
    public string? DataSpec => Checkpoint?.Config.Data;

    /// <summary>Training step of a checkpoint; null for diffusers models.</summary>
    public int? Step => Checkpoint?.Step;

    /// <summary>One line for the terminal: what was loaded.</summary>
    public string Description { get; }

    public bool IsImageModel => Model.Config.SampleShape.Length == 3;

    /// <summary>Opens a checkpoint file or a diffusers folder; bad paths and files are <see cref="InvalidConfigurationException"/>.</summary>
    public static ModelSource Open(string path)
    {
        if (string.IsNullOrWhiteSpace(path)) throw new InvalidConfigurationException("checkpoint", "is empty; pass a .ckpt file or a diffusers model folder");
        if (DiffusersModelFolder.IsFolder(path))
        {
            var (model, scheduler, hasScheduler) = DiffusersModelFolder.Load(path);
            var note = hasScheduler ? $"{scheduler.ClassName} config" : "no scheduler_config.json, DDPMScheduler defaults";
            return new ModelSource(path, model, scheduler, null,
                $"diffusers UNet2DModel from {path} ({model.ParameterCount():N0} parameters, [{string.Join(", ", model.Config.SampleShape)}], {note})");
        }
        var checkpoint = Checkpoint.Load(path);
        var sampling = checkpoint.SamplingModel;
        var config = SchedulerConfig.ForTraining(checkpoint.Config.BetaSchedule, checkpoint.Config.TrainTimesteps, clipSample: sampling.Config.SampleShape.Length == 3);
        return new ModelSource(path, sampling, config, checkpoint,
            $"{path} (step {checkpoint.Step}, {(checkpoint.Ema is null ? "raw" : "EMA")} weights)");
    }

    public void Dispose()
    {
        if (Checkpoint is not null) Checkpoint.Dispose();
        else Model.Dispose();
    }
}
