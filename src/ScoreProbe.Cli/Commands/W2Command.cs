using ScoreProbe.Core;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.Pretrained;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe w2</c>: Sinkhorn 2-Wasserstein distance between real and generated samples (seed 004, Appendix B.4).</summary>
public static class W2Command
{
    public static Command Build()
    {
        var command = new Command("w2", "Sinkhorn W2 (geomloss p=2, debiased) between flattened real and generated samples; reports sqrt(2 S).");
        var checkpoint = new Option<string?>("--checkpoint") { Description = "ScoreProbe checkpoint (.ckpt) or diffusers model folder to sample from." };
        var generatedPath = new Option<string?>("--generated") { Description = "Generated samples instead of sampling: PNG folder or .npy/.npz array." };
        var realPath = new Option<string?>("--real") { Description = "Real samples: PNG folder or .npy/.npz array; default the checkpoint's test data." };
        var unitRange = new Option<bool>("--unit-range") { Description = "Float arrays hold values in [0, 1] (default: model space [-1, 1]); uint8 arrays and PNGs are pixels." };
        var blur = new Option<double>("--blur") { Description = "Final length scale; eps = blur^2.", DefaultValueFactory = _ => 0.05 };
        var scaling = new Option<double>("--scaling") { Description = "eps-scaling ratio of length scales per iteration, in (0, 0.999].", DefaultValueFactory = _ => 0.9 };
        var count = new Option<int>("--n") { Description = "Generated and real samples.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Seed of sampling and of the real-sample draw.", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Write a result record here." }.WritesFile();
        var cache = new Option<string?>("--cache") { Description = "MNIST cache folder." };
        foreach (var o in new Option[] { checkpoint, generatedPath, realPath, unitRange, blur, scaling, count, seed, json, cache }) command.Options.Add(o);

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            var n = parse.GetValue(count);
            if (n < 1) throw new InvalidConfigurationException($"--n must be >= 1 (got {n})");
            if (parse.GetValue(seed) < 0) throw new InvalidConfigurationException($"--seed must be >= 0 (got {parse.GetValue(seed)})");
            var options = new SinkhornOptions(parse.GetValue(blur), parse.GetValue(scaling));
            options.Validate();
            var (generated, real, unit) = (parse.GetValue(generatedPath), parse.GetValue(realPath), parse.GetValue(unitRange));
            if (generated is null && parse.GetValue(checkpoint) is null) throw new InvalidConfigurationException("w2 needs --checkpoint or --generated");
            if (generated is null) SinkhornDivergence.EnsureCostFits(n, n);
            using var loaded = generated is null ? ModelSource.Open(parse.GetValue(checkpoint)!) : null;
            if (loaded is not null) AnsiConsole.WriteLine($"model: {loaded.Description}");
            var cacheDirectory = parse.GetValue(cache) ?? MnistPackage.DefaultCacheDirectory;
            var s = (ulong)parse.GetValue(seed);

            var clock = Stopwatch.StartNew();
            using var pair = GeneratedAndReal.Draw("w2", generated, loaded, m => GeneratedAndReal.ReadReal(real, loaded, m, s, cacheDirectory, unit), n, s, unit);
            var samplingSeconds = pair.SamplingSeconds;
            if (pair.Real.shape[1..].Aggregate(1L, (a, b) => a * b) != pair.Generated.shape[1..].Aggregate(1L, (a, b) => a * b))
                throw new InvalidConfigurationException("real", $"samples have shape [{string.Join(", ", pair.Real.shape[1..])}], the generated ones [{string.Join(", ", pair.Generated.shape[1..])}]; compare sets of one shape");
            var w2 = SinkhornDivergence.W2(pair.Real.reshape(pair.Real.shape[0], -1), pair.Generated.reshape(pair.Generated.shape[0], -1), options);
            var seconds = clock.Elapsed.TotalSeconds;

            AnsiConsole.WriteLine($"W2 = sqrt(2 S_eps) = {w2:G6}  [blur {options.Blur}, scaling {options.Scaling}, n = {pair.Generated.shape[0]} generated, {pair.Real.shape[0]} real; sampling {samplingSeconds:F1} s, total {seconds:F1} s]");
            if (parse.GetValue(json) is { } jsonPath)
            {
                var body = new JsonObject { ["checkpoint_step"] = loaded?.Step, ["w2"] = w2, ["sinkhorn_divergence"] = w2 * w2 / 2 };
                var timing = new JsonObject { ["seconds"] = seconds, ["sampling_seconds"] = samplingSeconds };
                ResultJson.Write(jsonPath, ResultJson.Envelope("w2",
                    new { checkpoint = parse.GetValue(checkpoint), generated, real, blur = options.Blur, scaling = options.Scaling, n, seed = parse.GetValue(seed) }, body, timing));
            }
            return 0;
        }));
        return command;
    }
}
