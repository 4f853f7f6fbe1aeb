using ScoreProbe.Core;
using System.CommandLine;
using System.Globalization;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe train</c>: DDPM training of a noise predictor with checkpoints and resume (seed 004, Appendix B.3).</summary>
public static class TrainCommand
{
    public static Command Build()
    {
        var command = new Command("train", "Train a noise-prediction network (DDPM loss) with checkpoints at doubling intervals.");
        var data = new Option<string>("--data") { Description = $"Data: {string.Join(", ", DatasetSpec.Forms)}.", Required = true };
        var model = new Option<string>("--model") { Description = $"Preset: auto (from the data: mlp for vectors, the U-Net preset of the image size), {string.Join(", ", ModelPresets.Names)}.", DefaultValueFactory = _ => "auto" };
        var steps = new Option<int>("--steps") { Description = "Optimiser steps.", DefaultValueFactory = _ => 3200 };
        var batch = new Option<int>("--batch") { Description = "Batch size.", DefaultValueFactory = _ => 128 };
        var checkpoints = new Option<string>("--checkpoints") { Description = "'doubling' (100, 200, 400, ..., last), 'every:N', or a comma list of steps.", DefaultValueFactory = _ => "doubling" };
        var init = new Option<string>("--init") { Description = "default (PyTorch) or zero-residual (residual branches and output start at 0).", DefaultValueFactory = _ => "default" };
        var ema = new Option<double>("--ema") { Description = "EMA decay of the weights in (0, 1); 0 = no EMA (Appendix B.3).", DefaultValueFactory = _ => 0 };
        var lr = new Option<double>("--lr") { Description = "Peak learning rate of AdamW.", DefaultValueFactory = _ => 1e-4 };
        var warmup = new Option<int>("--warmup") { Description = "Linear warm-up steps before the cosine decay.", DefaultValueFactory = _ => 500 };
        var schedule = new Option<string>("--schedule") { Description = "Beta schedule: linear (diffusers default) or cosine (squaredcos_cap_v2).", DefaultValueFactory = _ => "linear" };
        var seed = new Option<int>("--seed") { Description = "Seed of the initial weights and of the data/noise order.", DefaultValueFactory = _ => 0 };
        var output = new Option<string>("--out") { Description = "Run folder (run.json, checkpoints/).", Required = true }.WritesFolder();
        var resume = new Option<bool>("--resume") { Description = "Continue from the latest checkpoint in --out." };
        var cache = new Option<string?>("--cache") { Description = "MNIST cache folder." };
        foreach (var o in new Option[] { data, model, steps, batch, checkpoints, init, ema, lr, warmup, schedule, seed, output, resume, cache })
            command.Options.Add(o);

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            var totalSteps = parse.GetValue(steps);
            if (totalSteps < 1) throw new InvalidConfigurationException($"--steps must be >= 1 (got {totalSteps})");
            if (parse.GetValue(seed) < 0) throw new InvalidConfigurationException($"--seed must be >= 0 (got {parse.GetValue(seed)})");
            var emaDecay = parse.GetValue(ema);
            if (emaDecay is < 0 or >= 1) throw new InvalidConfigurationException($"--ema must be 0 (off) or in (0, 1) (got {emaDecay})");
            var initScheme = parse.GetValue(init) switch
            {
                "default" => InitScheme.Default,
                "zero-residual" => InitScheme.ZeroResidual,
                var other => throw new InvalidConfigurationException($"--init must be default or zero-residual (got '{other}')"),
            };
            var betas = parse.GetValue(schedule) switch
            {
                "linear" => BetaSchedule.Linear,
                "cosine" => BetaSchedule.SquaredCosCapV2,
                var other => throw new InvalidConfigurationException($"--schedule must be linear or cosine (got '{other}')"),
            };
            var checkpointSteps = ParseCheckpoints(parse.GetValue(checkpoints)!, totalSteps);
            var requestedModel = parse.GetValue(model)!;
            if (requestedModel != "auto") ModelPresets.Create(requestedModel);

            var dataset = DatasetSpec.Open(parse.GetValue(data)!, parse.GetValue(cache));
            var modelName = requestedModel == "auto" ? ModelPresets.ForData(dataset.SampleShape) : requestedModel;
            var config = new TrainingConfig
            {
                Data = parse.GetValue(data)!,
                ModelName = modelName,
                Model = ModelPresets.Create(modelName, dataset.SampleShape),
                Steps = totalSteps,
                BatchSize = parse.GetValue(batch),
                LearningRate = parse.GetValue(lr),
                WarmupSteps = parse.GetValue(warmup),
                EmaDecay = emaDecay > 0 ? emaDecay : null,
                Init = initScheme,
                Seed = (ulong)parse.GetValue(seed),
                BetaSchedule = betas,
                Checkpoints = checkpointSteps,
            };
            config.Validate();

            var runDirectory = parse.GetValue(output)!;
            var trainer = new Trainer(config, dataset);
            AnsiConsole.WriteLine($"training {modelName}{(requestedModel == "auto" ? " (chosen for the data; --model to override)" : "")} on {dataset.Name} [{string.Join(", ", dataset.SampleShape)}], {totalSteps} steps, batch {config.BatchSize}, {DescribeCheckpoints(checkpointSteps)}");
            var outcome = new ProgressReporter().Run("train", totalSteps, report =>
                trainer.Run(runDirectory, parse.GetValue(resume),
                    p => report(p.Step, $"loss {p.Loss:F4}, {p.StepsPerSecond:F2} steps/s")));

            var table = new Table().AddColumns("step", "mean loss", "steps/s", "checkpoint");
            foreach (var c in outcome.Record.Checkpoints)
                table.AddRow($"{c.Step}", c.MeanLoss.ToString("F5", CultureInfo.InvariantCulture), c.StepsPerSecond.ToString("F2", CultureInfo.InvariantCulture), Markup.Escape(c.File));
            AnsiConsole.Write(table);
            AnsiConsole.WriteLine($"parameters: {outcome.Record.Parameters}; steps {outcome.StartStep} -> {outcome.EndStep}; run record {Path.Combine(runDirectory, RunRecord.FileName)}");
            return 0;
        }));
        return command;
    }

    private static string DescribeCheckpoints(IReadOnlyList<int> steps) => steps.Count <= 12
        ? $"checkpoints {string.Join(",", steps)}"
        : $"{steps.Count} checkpoints {string.Join(",", steps.Take(5))},...,{string.Join(",", steps.TakeLast(2))}";

    private static IReadOnlyList<int> ParseCheckpoints(string text, int steps)
    {
        if (text == "doubling") return TrainingConfig.DoublingCheckpoints(steps);
        if (text.StartsWith("every:", StringComparison.Ordinal))
        {
            if (!int.TryParse(text["every:".Length..], NumberStyles.None, CultureInfo.InvariantCulture, out var interval) || interval < 1)
                throw new InvalidConfigurationException($"--checkpoints '{text}': the interval after 'every:' must be a positive integer");
            return Enumerable.Range(1, steps / interval).Select(k => k * interval).Append(steps).Distinct().ToList();
        }
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var list = new List<int>();
        foreach (var part in parts)
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var step) || step < 1 || step > steps)
                throw new InvalidConfigurationException($"--checkpoints entry '{part}' is not a step in 1..{steps}; pass 'doubling', 'every:N' or e.g. 100,200,400");
            list.Add(step);
        }
        if (list.Count == 0) throw new InvalidConfigurationException("--checkpoints is empty; pass 'doubling' or e.g. 100,200,400");
        return list.Distinct().Order().ToList();
    }
}
