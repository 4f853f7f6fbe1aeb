using System.Diagnostics;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;
using SkiaSharp;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary><c>train</c> without <c>--model</c> (= <c>auto</c>): the network follows the data and is named on the terminal.</summary>
public sealed class TrainCommandTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    private static readonly string[] OneStep = ["--steps", "1", "--batch", "2", "--warmup", "0", "--checkpoints", "1"];

    /// <summary>Writes <paramref name="count"/> size x size PNGs, grey or coloured, with pixel values that vary by image and place.</summary>
    private string ImageFolder(string name, int count, int size, bool grey)
    {
        var folder = _dir.File(name);
        Directory.CreateDirectory(folder);
        for (var n = 0; n < count; n++)
        {
            using var bitmap = new SKBitmap(size, size);
            for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var v = (byte)((n * 37 + x * 11 + y * 5) % 256);
                bitmap.SetPixel(x, y, grey ? new SKColor(v, v, v) : new SKColor(v, (byte)(255 - v), (byte)(x * 16)));
            }
            using var image = SKImage.FromBitmap(bitmap);
            using var png = image.Encode(SKEncodedImageFormat.Png, 100);
            File.WriteAllBytes(Path.Combine(folder, $"{n}.png"), png.ToArray());
        }
        return folder;
    }

    private TrainingConfig Train(string data, string run)
    {
        Assert.Equal(0, CliApp.Run(["train", "--data", data, .. OneStep, "--out", _dir.File(run)]));
        return RunRecord.TryRead(_dir.File(run))!.Config;
    }

    [Fact]
    public void Auto_picks_the_mlp_of_the_vector_dimension_for_gaussian_data()
    {
        var config = Train("gaussian:3", "gaussian");
        Assert.Equal("mlp", config.ModelName);
        Assert.Equal(3, Assert.IsType<MlpConfig>(config.Model).Dimension);
    }

    [Fact]
    public void Auto_picks_the_two_level_unet_with_the_folders_channels_and_size_for_small_images()
    {
        var config = Train("images:" + ImageFolder("rgb8", 3, 8, grey: false), "rgb8");
        Assert.Equal("unet-small", config.ModelName);
        var unet = Assert.IsType<UNetConfig>(config.Model);
        Assert.Equal((3, 8), (unet.InChannels, unet.SampleSize));
        Assert.Equal([16, 32], unet.BlockOutChannels);
    }

    [Fact]
    public async Task Auto_picks_the_three_level_unet_for_32_pixel_images_and_says_so()
    {
        var folder = ImageFolder("grey32", 2, 32, grey: true);
        var cli = Path.Combine(AppContext.BaseDirectory, "scoreprobe.dll");
        var start = new ProcessStartInfo("dotnet", [cli, "train", "--data", "images:" + folder, .. OneStep, "--out", _dir.File("grey32-run")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, await stderr);
        Assert.Contains("training unet-small32 (chosen for the data; --model to override) on images:grey32 [1, 32, 32]", stdout);
        var unet = Assert.IsType<UNetConfig>(RunRecord.TryRead(_dir.File("grey32-run"))!.Config.Model);
        Assert.Equal((1, 32), (unet.InChannels, unet.SampleSize));
        Assert.Equal([16, 32, 32], unet.BlockOutChannels);
    }
}
