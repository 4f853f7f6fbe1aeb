using System.Text.Json;
using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// A diffusers model folder as <c>save_pretrained</c> writes it: <c>config.json</c> (a UNet2DModel config),
/// <c>diffusion_pytorch_model.safetensors</c> or <c>.bin</c>, and, when the scheduler was saved beside it,
/// <c>scheduler_config.json</c>. A pipeline folder (<c>model_index.json</c> with <c>unet/</c> and <c>scheduler/</c>)
/// is read from those subfolders.
/// </summary>
public static class DiffusersModelFolder
{
    public const string ConfigFile = "config.json";
    public const string SafetensorsWeights = "diffusion_pytorch_model.safetensors";
    public const string PyTorchWeights = "diffusion_pytorch_model.bin";

    /// <summary>The model, its scheduler config (diffusers' DDPMScheduler defaults when the folder has none) and whether one was found.</summary>
    public static (UNet2D Model, SchedulerConfig Scheduler, bool HasSchedulerConfig) Load(string folder)
    {
        NativeLoader.EnsureLoaded();
        var (unetFolder, schedulerFile) = Layout(folder);
        var config = DiffusersUNetConfig.Read(Path.Combine(unetFolder, ConfigFile));
        var model = (UNet2D)config.Build();
        var weights = ReadWeights(unetFolder);
        try
        {
            DiffusersWeights.Load(model, weights.Tensors, weights.Path);
        }
        finally
        {
            foreach (var (_, tensor) in weights.Tensors) tensor.Dispose();
        }
        var hasScheduler = File.Exists(schedulerFile);
        var scheduler = hasScheduler ? DiffusersSchedulerConfig.Read(schedulerFile) : new SchedulerConfig();
        return (model, scheduler, hasScheduler);
    }

    /// <summary>
    /// Writes <c>config.json</c>, <c>diffusion_pytorch_model.safetensors</c> and <c>scheduler_config.json</c> into
    /// <paramref name="folder"/>, each atomically. Only U-Nets have a diffusers counterpart.
    /// </summary>
    public static void Export(string folder, NoisePredictor model, SchedulerConfig scheduler)
    {
        if (model.Config is not UNetConfig unet)
            throw new InvalidConfigurationException("checkpoint", "holds an MLP; only U-Nets have a diffusers counterpart (UNet2DModel)");
        var options = new JsonSerializerOptions { WriteIndented = true };
        var modelJson = DiffusersUNetConfig.ToJson(unet).ToJsonString(options);
        var schedulerJson = DiffusersSchedulerConfig.ToJson(scheduler).ToJsonString(options);
        var tensors = DiffusersWeights.Export(model);
        try
        {
            Directory.CreateDirectory(folder);
            AtomicFile.Write(Path.Combine(folder, SafetensorsWeights), stream => SafetensorsFile.Write(stream, tensors));
            AtomicFile.WriteAllText(Path.Combine(folder, ConfigFile), modelJson + "\n");
            AtomicFile.WriteAllText(Path.Combine(folder, DiffusersSchedulerConfig.FileName), schedulerJson + "\n");
        }
        finally
        {
            foreach (var (_, tensor) in tensors) tensor.Dispose();
        }
    }

    /// <summary>True when <paramref name="path"/> is a folder (diffusers); ScoreProbe checkpoints are files.</summary>
    public static bool IsFolder(string path) => Directory.Exists(path);

    private static (string UnetFolder, string SchedulerFile) Layout(string folder)
    {
        if (File.Exists(Path.Combine(folder, ConfigFile)))
            return (folder, Path.Combine(folder, DiffusersSchedulerConfig.FileName));
        var unet = Path.Combine(folder, "unet");
        if (File.Exists(Path.Combine(unet, ConfigFile)))
            return (unet, Path.Combine(folder, "scheduler", DiffusersSchedulerConfig.FileName));
        throw new InvalidConfigurationException(
            $"{folder} is a folder without {ConfigFile}; a diffusers model folder holds {ConfigFile} and {SafetensorsWeights} (or {PyTorchWeights}), a pipeline folder unet/{ConfigFile}");
    }

    private static (string Path, IReadOnlyList<KeyValuePair<string, TorchSharp.torch.Tensor>> Tensors) ReadWeights(string folder)
    {
        var safetensors = Path.Combine(folder, SafetensorsWeights);
        if (File.Exists(safetensors)) return (safetensors, SafetensorsFile.Read(safetensors));
        var bin = Path.Combine(folder, PyTorchWeights);
        if (File.Exists(bin)) return (bin, PyTorchWeightsFile.Read(bin));
        if (Directory.EnumerateFiles(folder, "*.index.json").Any())
            throw new InvalidConfigurationException($"{folder} holds sharded weights (*.index.json); save the model unsharded (save_pretrained(..., max_shard_size=\"100GB\"))");
        throw new InvalidConfigurationException($"{folder} has {ConfigFile} but neither {SafetensorsWeights} nor {PyTorchWeights}");
    }
}
