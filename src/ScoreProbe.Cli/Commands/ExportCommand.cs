using System.CommandLine;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Pretrained;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe export</c>: writes a checkpoint's sampling network as a diffusers model folder (config.json,
/// diffusion_pytorch_model.safetensors, scheduler_config.json) that <c>UNet2DModel.from_pretrained</c> and
/// <c>DDPMScheduler.from_pretrained</c> load.
/// </summary>
public static class ExportCommand
{
    public static Command Build()
    {
        var command = new Command("export", "Write a checkpoint (or diffusers folder) as a diffusers UNet2DModel folder with its scheduler config.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "ScoreProbe checkpoint (.ckpt) or diffusers model folder.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write config.json, diffusion_pytorch_model.safetensors and scheduler_config.json into.", Required = true }.WritesFolder();
        command.Options.Add(checkpoint);
        command.Options.Add(output);
        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            using var source = ModelSource.Open(parse.GetValue(checkpoint)!);
            var folder = parse.GetValue(output)!;
            DiffusersModelFolder.Export(folder, source.Model, source.Scheduler with { Float32 = true });
            AnsiConsole.WriteLine($"exported {source.Description} to {folder} ({DiffusersModelFolder.ConfigFile}, {DiffusersModelFolder.SafetensorsWeights}, {DiffusersSchedulerConfig.FileName})");
            return 0;
        }));
        return command;
    }
}
