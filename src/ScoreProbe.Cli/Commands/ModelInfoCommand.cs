using System.CommandLine;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe model-info --model NAME</c>: prints a preset's configuration and <c>parameters: N</c>.</summary>
public static class ModelInfoCommand
{
    public static Command Build()
    {
        var command = new Command("model-info", "Describe a network preset and count its parameters.");
        var model = new Option<string>("--model") { Description = $"Preset: {string.Join(", ", ModelPresets.Names)}.", Required = true };
        var seed = new Option<int>("--seed") { Description = "Unused (the count is deterministic); accepted for uniformity.", DefaultValueFactory = _ => 0 };
        command.Options.Add(model);
        command.Options.Add(seed);
        command.SetAction(parse =>
        {
            var name = Guard.OneOf("model", parse.GetValue(model)!, ModelPresets.Names);
            var config = ModelPresets.Create(name);
            NativeLoader.EnsureLoaded();
            using var network = config.Build();
            AnsiConsole.WriteLine($"model: {name}");
            AnsiConsole.WriteLine($"config: {System.Text.Json.JsonSerializer.Serialize(config, new System.Text.Json.JsonSerializerOptions(ResultJson.Options) { WriteIndented = false })}");
            AnsiConsole.WriteLine($"input: [{string.Join(", ", config.SampleShape)}]");
            AnsiConsole.WriteLine($"parameters: {network.ParameterCount()}");
            return 0;
        });
        return command;
    }
}
