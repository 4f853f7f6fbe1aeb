using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Imaging;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Pretrained;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>scoreprobe sample</c>: draws samples from a ScoreProbe checkpoint or a diffusers model folder with DDPM (diffusers'
/// DDPMPipeline) or DDIM (DDIMPipeline), optionally from a given initial noise.
/// </summary>
public static class SampleCommand
{
    public static Command Build()
    {
        var command = new Command("sample", "Sample from a checkpoint or diffusers model folder; write a PNG grid, CSV or .npy.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "ScoreProbe checkpoint (.ckpt) or diffusers UNet2DModel folder.", Required = true };
        var count = new Option<int>("--n") { Description = "Number of samples (default 64, or the rows of --init-noise)." };
        var steps = new Option<int>("--steps") { Description = "Reverse steps (1..T); default T for ddpm, 50 for ddim." };
        var sampler = new Option<string?>("--sampler") { Description = "ddpm or ddim (default: the scheduler config's class, ddpm for checkpoints)." };
        var eta = new Option<double>("--eta") { Description = "DDIM noise weight (0 = deterministic).", DefaultValueFactory = _ => 0 };
        var initNoise = new Option<string?>("--init-noise") { Description = "x_T as a float .npy of shape N x C x H x W (or N x D): sampling starts there instead of from seeded noise." };
        var png = new Option<string?>("--png") { Description = "Write image samples as a PNG grid here." }.WritesFile();
        var csv = new Option<string?>("--csv") { Description = "Write flattened samples (model space) as CSV here." }.WritesFile();
        var npy = new Option<string?>("--npy") { Description = "Write the samples (model space, float32, N x C x H x W or N x D) as .npy here." }.WritesFile();
        var json = new Option<string?>("--json") { Description = "Write a result record here." }.WritesFile();
        var seed = new Option<int>("--seed") { Description = "Seed of the initial noise and every step's noise.", DefaultValueFactory = _ => 0 };
        var timesteps = new Option<string?>("--timesteps") { Description = "ddim only: visit this comma list of timesteps (descending, distinct, in [0, N-1]; e.g. design-grid's); --steps is its length." };
        foreach (var o in new Option[] { checkpoint, count, steps, sampler, eta, initNoise, png, csv, npy, json, seed, timesteps }) command.Options.Add(o);

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            Core.Validation.Guard.AtLeast("seed", parse.GetValue(seed), 0);
            if (parse.GetValue(sampler) is { } requested) Core.Validation.Guard.OneOf("sampler", requested, ["ddpm", "ddim"]);
            Core.Validation.Guard.NonNegative("eta", parse.GetValue(eta));
            var noiseArray = parse.GetValue(initNoise) is { } noisePath ? NpyFile.Read(noisePath) : null;
            if (noiseArray is not null && !noiseArray.DataType.IsFloatingPoint())
                throw new InvalidConfigurationException("init-noise", $"{parse.GetValue(initNoise)} holds {noiseArray.DataType}; initial noise must be float32 or float64");

            using var source = ModelSource.Open(parse.GetValue(checkpoint)!);
            var shape = source.Model.Config.SampleShape;
            var n = parse.GetResult(count) is null ? (int?)noiseArray?.Shape[0] ?? 64 : parse.GetValue(count);
            Core.Validation.Guard.AtLeast("n", n, 1);
            if (noiseArray is not null && !noiseArray.Shape.SequenceEqual([n, .. shape]))
                throw new InvalidConfigurationException("init-noise",
                    $"{parse.GetValue(initNoise)} has shape {noiseArray.ShapeText}; this model needs [{n}, {string.Join(", ", shape)}] (N x C x H x W)");
            var kind = parse.GetValue(sampler) ?? source.Scheduler.DefaultSampler;
            var scheduler = source.Scheduler.Create(kind, parse.GetValue(eta));
            var trainSteps = scheduler.Schedule.Length;
            var inferenceSteps = parse.GetResult(steps) is null ? (kind == "ddpm" ? trainSteps : Math.Min(50, trainSteps)) : parse.GetValue(steps);
            Core.Validation.Guard.InRange("steps", inferenceSteps, 1, trainSteps);
            if (parse.GetValue(timesteps) is { } list)
            {
                if (scheduler is not DdimScheduler ddim)
                    throw new InvalidConfigurationException("timesteps", $"needs --sampler ddim (got {kind}): the ddpm scheduler here follows its spacing");
                if (parse.GetResult(steps) is not null)
                    throw new InvalidConfigurationException("steps", "is the length of --timesteps when a list is given: drop --steps");
                scheduler = ddim.WithTimesteps(CustomTimesteps.Parse(list, trainSteps));
                inferenceSteps = ((DdimScheduler)scheduler).Custom!.Count;
            }
            var (pngPath, csvPath, npyPath) = (parse.GetValue(png), parse.GetValue(csv), parse.GetValue(npy));
            if (pngPath is not null && !source.IsImageModel) throw new InvalidConfigurationException("png", "needs an image model; this one models vectors (use --csv or --npy)");

            AnsiConsole.WriteLine($"model: {source.Description}");
            using var noise = noiseArray is null ? null : ArrayTensors.ToTensor(noiseArray);
            var clock = Stopwatch.StartNew();
            const int batchSize = 128;
            var totalSteps = (n + batchSize - 1) / batchSize * inferenceSteps;
            using var result = new ProgressReporter().Run($"sample ({kind}, {inferenceSteps} steps)", totalSteps, report =>
                new Sampler(scheduler).Sample(source.Model, n, inferenceSteps, (ulong)parse.GetValue(seed), batchSize: batchSize,
                    progress: (done, _) => report(done, null), initialNoise: noise));
            var seconds = clock.Elapsed.TotalSeconds;

            if (pngPath is not null)
            {
                using var images = result.ToImages();
                AtomicFile.WriteAllBytes(pngPath, ImageGrid.EncodePng(images, (int)Math.Ceiling(Math.Sqrt(n)), ImageGrid.LegibleScale(images)));
            }
            if (npyPath is not null) NpyFile.Write(npyPath, ArrayTensors.ToArray(result.Samples));
            if (csvPath is not null)
            {
                var flat = result.Samples.reshape(n, -1);
                var values = flat.data<float>().ToArray();
                var width = (int)flat.shape[1];
                var lines = Enumerable.Range(0, n).Select(i => string.Join(",", values.Skip(i * width).Take(width).Select(v => v.ToString("R", System.Globalization.CultureInfo.InvariantCulture))));
                AtomicFile.WriteAllText(csvPath, string.Join("\n", lines) + "\n");
            }
            AnsiConsole.WriteLine($"{n} samples, {kind} {inferenceSteps} steps{(noise is null ? "" : ", from the given initial noise")}: {seconds:F1} s, {n / seconds:F2} samples/s");
            if (parse.GetValue(json) is { } jsonPath)
            {
                var body = new JsonObject
                {
                    ["checkpoint_step"] = source.Step,
                    ["model"] = source.Description,
                    ["samples"] = n,
                    ["png"] = pngPath,
                    ["csv"] = csvPath,
                    ["npy"] = npyPath,
                };
                var timing = new JsonObject { ["seconds"] = seconds, ["samples_per_second"] = n / seconds };
                ResultJson.Write(jsonPath, ResultJson.Envelope("sample",
                    new { checkpoint = source.Path, n, steps = inferenceSteps, sampler = kind, eta = parse.GetValue(eta), init_noise = parse.GetValue(initNoise), seed = parse.GetValue(seed), timesteps = parse.GetValue(timesteps) }, body, timing));
            }
            return 0;
        }));
        return command;
    }
}
