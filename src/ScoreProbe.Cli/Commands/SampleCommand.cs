using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Imaging;
using ScoreProbe.Neural.Training;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe sample</c>: draws samples from a checkpoint with DDPM (diffusers DDPMPipeline) or DDIM.</summary>
public static class SampleCommand
{
    public static Command Build()
    {
        var command = new Command("sample", "Sample from a trained checkpoint and write a PNG grid (images) or CSV (vectors).");
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint file (.ckpt).", Required = true };
        var count = new Option<int>("--n") { Description = "Number of samples.", DefaultValueFactory = _ => 64 };
        var steps = new Option<int>("--steps") { Description = "Reverse steps (1..T); default T for ddpm, 50 for ddim." };
        var sampler = new Option<string>("--sampler") { Description = "ddpm or ddim.", DefaultValueFactory = _ => "ddpm" };
        var png = new Option<string?>("--png") { Description = "Write image samples as a PNG grid here." }.WritesFile();
        var csv = new Option<string?>("--csv") { Description = "Write flattened samples (model space) as CSV here." }.WritesFile();
        var json = new Option<string?>("--json") { Description = "Write a result record here." }.WritesFile();
        var seed = new Option<int>("--seed") { Description = "Seed of the initial noise and every step's noise.", DefaultValueFactory = _ => 0 };
        foreach (var o in new Option[] { checkpoint, count, steps, sampler, png, csv, json, seed }) command.Options.Add(o);

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            var n = parse.GetValue(count);
            if (n < 1) throw new InvalidConfigurationException($"--n must be >= 1 (got {n})");
            if (parse.GetValue(seed) < 0) throw new InvalidConfigurationException($"--seed must be >= 0 (got {parse.GetValue(seed)})");
            var kind = parse.GetValue(sampler);
            if (kind is not ("ddpm" or "ddim")) throw new InvalidConfigurationException($"--sampler must be ddpm or ddim (got '{kind}')");
            var pngPath = parse.GetValue(png);
            var csvPath = parse.GetValue(csv);

            using var loaded = Checkpoint.Load(parse.GetValue(checkpoint)!);
            var schedule = loaded.Config.CreateNoiseSchedule();
            var inferenceSteps = parse.GetResult(steps) is null ? (kind == "ddpm" ? schedule.Length : 50) : parse.GetValue(steps);
            if (inferenceSteps < 1 || inferenceSteps > schedule.Length)
                throw new InvalidConfigurationException($"--steps must be in 1..{schedule.Length} (got {inferenceSteps})");
            var isImage = loaded.Config.Model.SampleShape.Length == 3;
            if (pngPath is not null && !isImage) throw new InvalidConfigurationException("--png needs an image model; this checkpoint models vectors (use --csv)");

            // diffusers clips x0_hat to [-1, 1], right for images in [-1, 1]; vector data is unbounded, so no clipping.
            IDiffusionScheduler scheduler = kind == "ddpm"
                ? new DdpmScheduler(schedule, clipSample: isImage)
                : new DdimScheduler(schedule, clipSample: isImage);
            var clock = Stopwatch.StartNew();
            const int batchSize = 128;
            var totalSteps = (n + batchSize - 1) / batchSize * inferenceSteps;
            using var result = new ProgressReporter().Run($"sample ({kind}, {inferenceSteps} steps)", totalSteps, report =>
                new Sampler(scheduler).Sample(loaded.SamplingModel, n, inferenceSteps, (ulong)parse.GetValue(seed), batchSize: batchSize,
                    progress: (done, _) => report(done, null)));
            var seconds = clock.Elapsed.TotalSeconds;

            if (pngPath is not null)
            {
                using var images = result.ToImages();
                AtomicFile.WriteAllBytes(pngPath, ImageGrid.EncodePng(images, (int)Math.Ceiling(Math.Sqrt(n)), ImageGrid.LegibleScale(images)));
            }
            if (csvPath is not null)
            {
                var flat = result.Samples.reshape(n, -1);
                var values = flat.data<float>().ToArray();
                var width = (int)flat.shape[1];
                var lines = Enumerable.Range(0, n).Select(i => string.Join(",", values.Skip(i * width).Take(width).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
                AtomicFile.WriteAllText(csvPath, string.Join("\n", lines) + "\n");
            }
            AnsiConsole.WriteLine($"{n} samples from {loaded.Path} (step {loaded.Step}, {(loaded.Ema is null ? "raw" : "EMA")} weights), {kind} {inferenceSteps} steps: {seconds:F1} s, {n / seconds:F2} samples/s");
            if (parse.GetValue(json) is { } jsonPath)
            {
                var body = new JsonObject
                {
                    ["checkpoint_step"] = loaded.Step,
                    ["samples"] = n,
                    ["png"] = pngPath,
                    ["csv"] = csvPath,
                };
                var timing = new JsonObject { ["seconds"] = seconds, ["samples_per_second"] = n / seconds };
                ResultJson.Write(jsonPath, ResultJson.Envelope("sample",
                    new { checkpoint = loaded.Path, n, steps = inferenceSteps, sampler = kind, seed = parse.GetValue(seed) }, body, timing));
            }
            return 0;
        }));
        return command;
    }
}
