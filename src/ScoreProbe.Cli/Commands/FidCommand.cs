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

/// <summary>
/// <c>scoreprobe fid</c>: Fréchet distance between feature Gaussians of real and generated samples (seed 004, §7.1), from a
/// model, from sample sets on disk (PNG folders, .npy/.npz arrays), or from pytorch-fid style statistics (.npz with mu, sigma).
/// </summary>
public static class FidCommand
{
    public static Command Build()
    {
        var command = new Command("fid", "FID: squared Fréchet distance of feature Gaussians, real vs generated (a model's DDPM samples, or sample sets / statistics on disk).");
        var checkpoint = new Option<string?>("--checkpoint") { Description = "ScoreProbe checkpoint (.ckpt) or diffusers model folder to sample from." };
        var generatedPath = new Option<string?>("--generated") { Description = "Generated samples instead of sampling: PNG folder, .npy/.npz array, or statistics .npz (mu, sigma)." };
        var realPath = new Option<string?>("--real") { Description = "Real samples: PNG folder, .npy/.npz array, or statistics .npz (mu, sigma); default the checkpoint's test data." };
        var saveStats = new Option<string?>("--save-stats") { Description = "Write the real set's feature statistics (mu, sigma) as .npz here." }.WritesFile();
        var unitRange = new Option<bool>("--unit-range") { Description = "Float arrays hold values in [0, 1] (default: model space [-1, 1]); uint8 arrays and PNGs are pixels." };
        var features = new Option<string>("--features") { Description = $"Feature network: {string.Join(", ", FeatureNetworks.Forms)}.", DefaultValueFactory = _ => "auto" };
        var count = new Option<int>("--n") { Description = "Generated and real samples when sampling.", DefaultValueFactory = _ => 500 };
        var seed = new Option<int>("--seed") { Description = "Seed of sampling and of the real-sample draw.", DefaultValueFactory = _ => 0 };
        var json = new Option<string?>("--json") { Description = "Write a result record here." }.WritesFile();
        var cache = new Option<string?>("--cache") { Description = "MNIST and feature-network cache folder." };
        foreach (var o in new Option[] { checkpoint, generatedPath, realPath, saveStats, unitRange, features, count, seed, json, cache }) command.Options.Add(o);

        command.SetAction(parse => NeuralErrors.Guard(() =>
        {
            var n = Core.Validation.Guard.AtLeast("n", parse.GetValue(count), 2);
            var s = (ulong)Core.Validation.Guard.AtLeast("seed", parse.GetValue(seed), 0);
            FeatureNetworks.Validate(parse.GetValue(features)!);
            var (generated, real, unit) = (parse.GetValue(generatedPath), parse.GetValue(realPath), parse.GetValue(unitRange));
            if (generated is null && parse.GetValue(checkpoint) is null) throw new InvalidConfigurationException("fid needs --checkpoint or --generated");
            var generatedStats = IsStatistics(generated) ? FeatureStatistics.Load(generated!, "generated") : null;
            var realStats = IsStatistics(real) ? FeatureStatistics.Load(real!, "real") : null;
            if (realStats is not null && parse.GetValue(saveStats) is not null)
                throw new InvalidConfigurationException("save-stats", "needs real samples; --real already is a statistics file");
            using var source = generated is null ? ModelSource.Open(parse.GetValue(checkpoint)!) : null;
            var cacheDirectory = parse.GetValue(cache) ?? MnistPackage.DefaultCacheDirectory;
            var clock = Stopwatch.StartNew();

            IFeatureExtractor? network = null;
            IFeatureExtractor Network(long[] shape) => network ??= FeatureNetworks.Open(parse.GetValue(features)!, source?.DataSpec ?? DataSpecOf(shape), cacheDirectory, AnsiConsole.WriteLine);
            FeatureStatistics Stats(TorchSharp.torch.Tensor samples)
            {
                using var extracted = Network(samples.shape[1..]).Extract(samples);
                return FeatureStatistics.FromFeatures(FrechetFeatureDistance.ToMatrix(extracted));
            }

            // A feature network that cannot open must say so before minutes of sampling, not after.
            if (source is not null)
            {
                Network(source.Model.Config.SampleShape);
                AnsiConsole.WriteLine($"model: {source.Description}");
            }

            double samplingSeconds = 0;
            FeatureStatistics generatedFit, realFit;
            if (generatedStats is not null)
            {
                generatedFit = generatedStats;
                using var realSamples = realStats is null ? GeneratedAndReal.ReadReal(real, null, n, s, cacheDirectory, unit) : null;
                realFit = realStats ?? Stats(realSamples!);
            }
            else
            {
                using var pair = GeneratedAndReal.Draw("fid", generated, source,
                    m => realStats is null ? GeneratedAndReal.ReadReal(real, source, m, s, cacheDirectory, unit) : TorchSharp.torch.zeros(0), n, s, unit);
                samplingSeconds = pair.SamplingSeconds;
                generatedFit = Stats(pair.Generated);
                realFit = realStats ?? Stats(pair.Real);
            }
            if (parse.GetValue(saveStats) is { } statsPath) realFit.Save(statsPath);
            var fid = generatedFit.FrechetTo(realFit);
            var seconds = clock.Elapsed.TotalSeconds;
            var name = network?.Name ?? "statistics";
            var accuracy = (network as ClassifierFeatureNetwork)?.Info.TestAccuracy;
            AnsiConsole.WriteLine($"FID ({name}{(accuracy is { } a ? $", test accuracy {a:P2}" : "")}) = {fid:G6}  [{(source is null ? "" : $"n = {n}; ")}sampling {samplingSeconds:F1} s, total {seconds:F1} s]");
            if (parse.GetValue(json) is { } jsonPath)
            {
                var body = new JsonObject { ["checkpoint_step"] = source?.Step, ["fid"] = fid, ["features"] = name, ["feature_test_accuracy"] = accuracy };
                var timing = new JsonObject { ["seconds"] = seconds, ["sampling_seconds"] = samplingSeconds };
                ResultJson.Write(jsonPath, ResultJson.Envelope("fid",
                    new { checkpoint = parse.GetValue(checkpoint), generated, real, features = parse.GetValue(features), n, seed = parse.GetValue(seed) }, body, timing));
            }
            (network as IDisposable)?.Dispose();
            return 0;
        }));
        return command;
    }

    /// <summary>An .npz holding mu (pytorch-fid statistics) rather than samples.</summary>
    private static bool IsStatistics(string? path) =>
        path is not null && path.EndsWith(".npz", StringComparison.OrdinalIgnoreCase) && File.Exists(path)
        && System.IO.Compression.ZipFile.OpenRead(path) is var zip && zip.Entries.Any(e => e.FullName is "mu.npy" or "sigma.npy") is var stats && Close(zip, stats);

    private static bool Close(IDisposable zip, bool value)
    {
        zip.Dispose();
        return value;
    }

    /// <summary>The MNIST geometry a sample shape has (for --features mnist-cnn on sample sets); other shapes have none.</summary>
    private static string DataSpecOf(long[] shape) => shape switch
    {
        [1, 16, 16] => "mnist16",
        [1, 32, 32] => "mnist32",
        [1, 28, 28] => "mnist28",
        _ => "samples",
    };
}
