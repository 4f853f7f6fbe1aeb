using ScoreProbe.Core;
using System.CommandLine;
using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.Training;
using Spectre.Console;

namespace ScoreProbe.Cli.Commands;

/// <summary><c>scoreprobe fid</c>: Fréchet distance between feature Gaussians of real and generated samples (seed 004, §7.1).</summary>
public static class FidCommand
{
    public static Command Build()
    {
        var command = new Command("fid", "FID of a checkpoint: squared Fréchet distance of feature Gaussians, real (test split) vs full DDPM samples.");
        var checkpoint = new Option<string>("--checkpoint") { Description = "Checkpoint file (.ckpt).", Required = true };
        var features = new Option<string>("--features") { Description = $"Feature network: {string.Join(", ", FeatureNetworks.Forms)}.", DefaultValueFactory = _ => "auto" };
        var count = new Option<int>("--n") { Description = "Generated and real samples.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Seed of sampling and of the real-sample draw.", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Write a result record here." }.WritesFile();
        var cache = new Option<string?>("--cache") { Description = "MNIST and feature-network cache folder." };
        foreach (var o in new Option[] { checkpoint, features, count, seed, json, cache }) command.Options.Add(o);

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            var n = parse.GetValue(count);
            if (n < 2) throw new InvalidConfigurationException($"--n must be >= 2 (got {n})");
            if (parse.GetValue(seed) < 0) throw new InvalidConfigurationException($"--seed must be >= 0 (got {parse.GetValue(seed)})");
            FeatureNetworks.Validate(parse.GetValue(features)!);
            using var loaded = Checkpoint.Load(parse.GetValue(checkpoint)!);
            var cacheDirectory = parse.GetValue(cache) ?? MnistPackage.DefaultCacheDirectory;
            var real = ReferenceData.Open(loaded.Config.Data, cacheDirectory);
            var network = FeatureNetworks.Open(parse.GetValue(features)!, loaded.Config.Data, cacheDirectory, AnsiConsole.WriteLine);

            var clock = Stopwatch.StartNew();
            using var pair = GeneratedAndReal.Draw("fid", loaded, real, n, (ulong)parse.GetValue(seed));
            var samplingSeconds = pair.SamplingSeconds;
            var fid = FrechetFeatureDistance.Compute(network, pair.Real, pair.Generated.Samples);
            var seconds = clock.Elapsed.TotalSeconds;
            var accuracy = (network as ClassifierFeatureNetwork)?.Info.TestAccuracy;

            AnsiConsole.WriteLine($"FID ({network.Name}{(accuracy is { } a ? $", test accuracy {a:P2}" : "")}) = {fid:G6}  [n = {n}, step {loaded.Step}; sampling {samplingSeconds:F1} s, total {seconds:F1} s]");
            if (parse.GetValue(json) is { } jsonPath)
            {
                var body = new JsonObject { ["checkpoint_step"] = loaded.Step, ["fid"] = fid, ["features"] = network.Name, ["feature_test_accuracy"] = accuracy };
                var timing = new JsonObject { ["seconds"] = seconds, ["sampling_seconds"] = samplingSeconds };
                ResultJson.Write(jsonPath, ResultJson.Envelope("fid",
                    new { checkpoint = loaded.Path, features = parse.GetValue(features), n, seed = parse.GetValue(seed) }, body, timing));
            }
            (network as IDisposable)?.Dispose();
            return 0;
        }));
        return command;
    }
}
