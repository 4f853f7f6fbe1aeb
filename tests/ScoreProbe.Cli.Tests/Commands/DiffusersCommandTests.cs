using System.Diagnostics;
using System.Text.Json.Nodes;
using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>diffusers folders, sample sets and arrays through the commands: round trips, equalities and the bad-input contract.</summary>
/// <remarks>Captures standard error (the bad-input test), so it runs alone: other classes' progress lines would land in the capture.</remarks>
[Collection(ConsoleCapture.Name)]
public sealed class DiffusersCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("scoreprobe-diffusers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static string Tiny => Path.Combine(AppContext.BaseDirectory, "fixtures", "diffusers", "tiny");

    private string In(string name) => Path.Combine(_dir, name);

    private static void SaveFloats(string path, long[] shape, Func<int, float> value)
    {
        var count = (int)shape.Aggregate(1L, (a, b) => a * b);
        NpyFile.Write(path, NpyArray.FromSingles(shape, Enumerable.Range(0, count).Select(value).ToArray()));
    }

    [Fact]
    public void Ddim_from_given_noise_is_the_same_whatever_the_seed_and_survives_export()
    {
        SaveFloats(In("noise.npy"), [2, 1, 16, 16], i => MathF.Sin(i * 0.37f));
        string[] Sample(string model, string output, int seed) =>
            ["sample", "--checkpoint", model, "--sampler", "ddim", "--steps", "4", "--init-noise", In("noise.npy"), "--npy", In(output), "--seed", $"{seed}"];
        Assert.Equal(0, CliApp.Run(Sample(Tiny, "a.npy", 1)));
        Assert.Equal(0, CliApp.Run(Sample(Tiny, "b.npy", 7)));
        Assert.Equal(0, CliApp.Run(["export", "--checkpoint", Tiny, "--out", In("exported")]));
        Assert.Equal(0, CliApp.Run(Sample(In("exported"), "c.npy", 3)));
        var a = NpyFile.Read(In("a.npy"));
        Assert.Equal([2L, 1, 16, 16], a.Shape);
        Assert.Equal(a.Bytes.ToArray(), NpyFile.Read(In("b.npy")).Bytes.ToArray());
        Assert.Equal(a.Bytes.ToArray(), NpyFile.Read(In("c.npy")).Bytes.ToArray());
        var scheduler = JsonNode.Parse(File.ReadAllText(In("exported/scheduler_config.json")))!;
        Assert.Equal("DDPMScheduler", scheduler["_class_name"]!.GetValue<string>());
    }

    [Fact]
    public void Fid_and_w2_of_a_checkpoint_equal_those_of_its_samples_on_disk_and_of_the_saved_statistics()
    {
        var checkpoint = Path.Combine(SiemCommandTests.TrainTinyRun(_dir, "run", InitScheme.Default), "checkpoints", Checkpoint.FileName(40));
        SaveFloats(In("real.npy"), [64, 2], i => MathF.Sin(i * 1.3f) * 1.5f);
        Assert.Equal(0, CliApp.Run(["sample", "--checkpoint", checkpoint, "--n", "64", "--seed", "5", "--npy", In("generated.npy")]));
        double Read(string file, string key) => JsonNode.Parse(File.ReadAllText(In(file)))![key]!.GetValue<double>();
        Assert.Equal(0, CliApp.Run(["fid", "--checkpoint", checkpoint, "--n", "64", "--seed", "5", "--real", In("real.npy"), "--features", "pixels", "--json", In("fid-model.json")]));
        Assert.Equal(0, CliApp.Run(["fid", "--generated", In("generated.npy"), "--real", In("real.npy"), "--features", "pixels", "--save-stats", In("real-stats.npz"), "--json", In("fid-files.json")]));
        Assert.Equal(0, CliApp.Run(["fid", "--generated", In("generated.npy"), "--real", In("real-stats.npz"), "--features", "pixels", "--json", In("fid-stats.json")]));
        Assert.Equal(Read("fid-model.json", "fid"), Read("fid-files.json", "fid"), 12);
        Assert.Equal(Read("fid-files.json", "fid"), Read("fid-stats.json", "fid"), 12);
        Assert.True(Read("fid-model.json", "fid") > 0.01);
        Assert.Equal(0, CliApp.Run(["w2", "--checkpoint", checkpoint, "--n", "64", "--seed", "5", "--real", In("real.npy"), "--json", In("w2-model.json")]));
        Assert.Equal(0, CliApp.Run(["w2", "--generated", In("generated.npy"), "--real", In("real.npy"), "--json", In("w2-files.json")]));
        Assert.Equal(Read("w2-model.json", "w2"), Read("w2-files.json", "w2"), 12);
    }

    [Fact]
    public void Fid_and_w2_of_a_png_folder_equal_those_of_its_pixels_as_an_array_and_the_checkpoint_path_equals_its_samples()
    {
        var model = In("short");
        Directory.CreateDirectory(model);
        foreach (var file in Directory.GetFiles(Tiny)) File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(model, "scheduler_config.json"), """{"_class_name": "DDPMScheduler", "num_train_timesteps": 20}""");
        SaveFloats(In("real.npy"), [12, 1, 16, 16], i => MathF.Sin(i * 0.37f) * 0.8f);
        Assert.Equal(0, CliApp.Run(["sample", "--checkpoint", model, "--n", "12", "--seed", "3", "--npy", In("generated.npy")]));

        // The samples as 8-bit pixels, round((x + 1) / 2 * 255): once as grey PNG files, once as a uint8 array.
        var samples = NpyFile.Read(In("generated.npy")).ToSingles();
        var pixels = samples.Select(x => (byte)Math.Round(Math.Clamp((x + 1) / 2, 0, 1) * 255)).ToArray();
        Directory.CreateDirectory(In("png"));
        for (var n = 0; n < 12; n++)
        {
            using var bitmap = new SkiaSharp.SKBitmap(16, 16);
            for (var p = 0; p < 256; p++)
            {
                var v = pixels[n * 256 + p];
                bitmap.SetPixel(p % 16, p / 16, new SkiaSharp.SKColor(v, v, v));
            }
            using var image = SkiaSharp.SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SkiaSharp.SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(In($"png/{n:D2}.png"), png.ToArray());
        }
        NpyFile.Write(In("pixels.npy"), NpyArray.FromBytes([12, 1, 16, 16], pixels));

        double Read(string file, string key) => JsonNode.Parse(File.ReadAllText(In(file)))![key]!.GetValue<double>();
        foreach (var (metric, extra) in new[] { ("fid", new[] { "--features", "pixels" }), ("w2", Array.Empty<string>()) })
        {
            Assert.Equal(0, CliApp.Run([metric, "--checkpoint", model, "--n", "12", "--seed", "3", "--real", In("real.npy"), .. extra, "--json", In($"{metric}-model.json")]));
            Assert.Equal(0, CliApp.Run([metric, "--generated", In("generated.npy"), "--real", In("real.npy"), .. extra, "--json", In($"{metric}-array.json")]));
            Assert.Equal(0, CliApp.Run([metric, "--generated", In("png"), "--real", In("real.npy"), .. extra, "--json", In($"{metric}-png.json")]));
            Assert.Equal(0, CliApp.Run([metric, "--generated", In("pixels.npy"), "--real", In("real.npy"), .. extra, "--json", In($"{metric}-pixels.json")]));
            Assert.Equal(Read($"{metric}-model.json", metric), Read($"{metric}-array.json", metric), 12);
            // PNG pixels map to model space as 2 (p / 255) - 1, uint8 arrays as p / 127.5 - 1: equal up to float32 rounding.
            var png = Read($"{metric}-png.json", metric);
            Assert.True(png > 0.01);
            Assert.Equal(1, Read($"{metric}-pixels.json", metric) / png, 5);
            // Quantising to 8 bits moves each value by at most 1/255: the metric moves, but little.
            Assert.Equal(1, Read($"{metric}-array.json", metric) / png, 1);
        }
    }

    public static TheoryData<string> BadInputs => new()
    {
        "folder-without-config", "unsupported-block", "noise-wrong-shape", "noise-wrong-dtype", "stats-without-sigma", "samples-wrong-rank",
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public void Bad_input_is_one_line_exit_2_and_nothing_written(string kind)
    {
        Directory.CreateDirectory(In("empty"));
        var broken = In("broken");
        Directory.CreateDirectory(broken);
        foreach (var file in Directory.GetFiles(Tiny)) File.Copy(file, Path.Combine(broken, Path.GetFileName(file)));
        File.WriteAllText(Path.Combine(broken, "config.json"), File.ReadAllText(Path.Combine(Tiny, "config.json")).Replace("\"AttnDownBlock2D\"", "\"CrossAttnDownBlock2D\""));
        SaveFloats(In("wrong-shape.npy"), [2, 3, 16, 16], _ => 0);
        NpyFile.Write(In("wrong-dtype.npy"), new NpyArray(NpyDataType.Int32, [2, 1, 16, 16], new byte[2 * 256 * 4]));
        NpzFile.Write(In("mu-only.npz"), [new("mu", NpyArray.FromDoubles([256], new double[256]))]);
        SaveFloats(In("rank3.npy"), [2, 16, 16], _ => 0);
        SaveFloats(In("samples.npy"), [4, 1, 16, 16], i => i % 7);
        var output = In("out.npy");
        var (args, expected) = kind switch
        {
            "folder-without-config" => (new[] { "sample", "--checkpoint", In("empty"), "--npy", output }, "without config.json"),
            "unsupported-block" => (["sample", "--checkpoint", broken, "--npy", output], "down_block_types entry 1 'CrossAttnDownBlock2D' is not supported"),
            "noise-wrong-shape" => (["sample", "--checkpoint", Tiny, "--init-noise", In("wrong-shape.npy"), "--npy", output], "--init-noise"),
            "noise-wrong-dtype" => (["sample", "--checkpoint", Tiny, "--init-noise", In("wrong-dtype.npy"), "--npy", output], "must be float32 or float64"),
            "stats-without-sigma" => (["fid", "--generated", In("samples.npy"), "--real", In("mu-only.npz"), "--features", "pixels", "--json", output], "has no 'sigma' array"),
            _ => (["fid", "--generated", In("rank3.npy"), "--real", In("samples.npy"), "--features", "pixels", "--json", output], "N x C x H x W"),
        };
        var error = new StringWriter();
        var original = Console.Error;
        Console.SetError(error);
        int code;
        try { code = CliApp.Run(args); }
        finally { Console.SetError(original); }
        Assert.Equal(2, code);
        var text = error.ToString().TrimEnd();
        Assert.DoesNotContain('\n', text);
        Assert.StartsWith("error: ", text);
        Assert.Contains(expected, text);
        Assert.False(File.Exists(output));
    }

    [Fact]
    public async Task Convolutions_print_no_nnpack_warning_on_the_terminal()
    {
        var cli = Path.Combine(AppContext.BaseDirectory, "scoreprobe.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "sample", "--checkpoint", Tiny, "--sampler", "ddim", "--steps", "2", "--n", "16", "--npy", In("s.npy")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.Equal(0, process.ExitCode);
        Assert.DoesNotContain("NNPACK", await stderr + stdout);
        Assert.True(File.Exists(In("s.npy")));
    }
}
