using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Imaging;
using SkiaSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>PNG folders decode to the pixel values written, and PNG grids encode the values given.</summary>
public class ImageFileTests
{
    private static void WritePng(string path, int width, int height, Func<int, int, SKColor> colour)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        for (var x = 0; x < width; x++)
            bitmap.SetPixel(x, y, colour(x, y));
        using var data = SKImage.FromBitmap(bitmap).Encode(SKEncodedImageFormat.Png, 100);
        File.WriteAllBytes(path, data.ToArray());
    }

    [Fact]
    public void GreyFolderLoadsAsOneChannelInModelRange()
    {
        using var folder = new TempDirectory();
        WritePng(Path.Combine(folder.Path, "a.png"), 4, 3, (x, y) => new SKColor((byte)(x * 60), (byte)(x * 60), (byte)(x * 60)));
        WritePng(Path.Combine(folder.Path, "b.png"), 4, 3, (_, _) => SKColors.White);
        using var data = ImageFolder.Load(folder.Path);
        Assert.Equal(new long[] { 1, 3, 4 }, data.SampleShape);
        Assert.Equal(2, data.Count);
        Assert.Equal(2 * 180 / 255f - 1, data.Images[0, 0, 1, 3].item<float>(), 6);
        Assert.Equal(1f, data.Images[1, 0, 2, 0].item<float>());
    }

    [Fact]
    public void ColourFolderKeepsThreeChannelsAndMixedSizesAreRejected()
    {
        using var folder = new TempDirectory();
        WritePng(Path.Combine(folder.Path, "a.png"), 2, 2, (_, _) => new SKColor(255, 0, 51));
        using (var data = ImageFolder.Load(folder.Path))
        {
            Assert.Equal(new long[] { 3, 2, 2 }, data.SampleShape);
            Assert.Equal(new[] { 1f, -1f, 2 * 51 / 255f - 1 }, Enumerable.Range(0, 3).Select(c => data.Images[0, c, 0, 0].item<float>()));
        }
        WritePng(Path.Combine(folder.Path, "b.png"), 3, 2, (_, _) => SKColors.Black);
        Assert.Contains("resize them to one size", Assert.Throws<DataUnavailableException>(() => ImageFolder.Load(folder.Path)).Message);
        Assert.Throws<DataUnavailableException>(() => ImageFolder.Load(Path.Combine(folder.Path, "missing")));
    }

    [Fact]
    public void GridPngHoldsEachImageAtItsCell()
    {
        using var images = stack([full([1, 2, 2], 0.0f), full([1, 2, 2], 1.0f), full([1, 2, 2], 0.5f)]);
        var png = ImageGrid.EncodePng(images, columns: 2, scale: 1);
        using var bitmap = SKBitmap.Decode(png);
        // Cells are 2x2 with a 1-pixel gap: cell (row, col) starts at (1 + col*3, 1 + row*3).
        Assert.Equal(7, bitmap.Width);
        Assert.Equal(7, bitmap.Height);
        Assert.Equal(0, bitmap.GetPixel(1, 1).Red);
        Assert.Equal(255, bitmap.GetPixel(4, 2).Red);
        Assert.Equal(128, bitmap.GetPixel(2, 5).Red);
    }

    [Fact]
    public void SampleGridShowsTheFirstSamplesMappedFromModelRangeAtALegibleScale()
    {
        using var folder = new TempDirectory();
        var path = Path.Combine(folder.Path, "grid.png");
        // 70 samples of 16x16: only 64 are drawn (8 x 8 cells); sample 0 is -1 (black), sample 1 is +1 (white).
        using var samples = cat([full([1, 1, 16, 16], -1f), full([1, 1, 16, 16], 1f), zeros(68, 1, 16, 16)]);

        ImageGrid.WriteSampleGrid(samples, path);

        using var bitmap = SKBitmap.Decode(path);
        // Scale 64/16 = 4: cells 64 px wide with a 1-pixel gap, 8 per row.
        Assert.Equal(8 * 65 + 1, bitmap.Width);
        Assert.Equal(8 * 65 + 1, bitmap.Height);
        Assert.Equal(0, bitmap.GetPixel(1, 1).Red);
        Assert.Equal(255, bitmap.GetPixel(66 + 10, 1 + 10).Red);
        Assert.Equal(128, bitmap.GetPixel(1 + 2 * 65 + 5, 1 + 5).Red);
    }
}
