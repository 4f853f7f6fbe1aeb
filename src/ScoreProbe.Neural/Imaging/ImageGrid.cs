using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Data;
using SkiaSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Imaging;

/// <summary>Writes a batch of images as one PNG grid.</summary>
public static class ImageGrid
{
    /// <summary>
    /// Writes the first <paramref name="maxImages"/> of <c>[N, C, H, W]</c> samples in the models' range [-1, 1] as a square
    /// PNG grid at <see cref="LegibleScale"/>, atomically.
    /// </summary>
    public static void WriteSampleGrid(Tensor samples, string path, int maxImages = 64)
    {
        using var scope = NewDisposeScope();
        var count = (int)Math.Min(maxImages, samples.shape[0]);
        var unit = ImageTransforms.ToUnitRange(samples[..count]);
        AtomicFile.WriteAllBytes(path, EncodePng(unit, (int)Math.Ceiling(Math.Sqrt(count)), LegibleScale(unit)));
    }

    /// <summary>The pixel scale that makes grid cells about 64 pixels wide whatever the image size, so 16x16 digits stay legible.</summary>
    public static int LegibleScale(Tensor images) => Math.Max(1, 64 / (int)images.shape[^1]);

    /// <summary>
    /// Encodes <c>[N, C, H, W]</c> images with values in [0, 1] (C = 1 grey, C = 3 RGB) as a PNG grid of
    /// <paramref name="columns"/> columns, each pixel drawn as a <paramref name="scale"/> x <paramref name="scale"/> block,
    /// with a 1-pixel gap between cells.
    /// </summary>
    public static byte[] EncodePng(Tensor images, int columns, int scale = 2)
    {
        if (images.dim() != 4 || images.shape[1] is not (1 or 3))
            throw new ArgumentException($"images must be [N, 1|3, H, W] (got [{string.Join(", ", images.shape)}])");
        var (n, c, h, w) = ((int)images.shape[0], (int)images.shape[1], (int)images.shape[2], (int)images.shape[3]);
        columns = Math.Clamp(columns, 1, n);
        var rows = (n + columns - 1) / columns;
        using var bytes = images.detach().cpu().clamp(0, 1).mul(255).round().to(ScalarType.Byte);
        var values = bytes.data<byte>().ToArray();
        const int gap = 1;
        using var bitmap = new SKBitmap(columns * (w * scale + gap) + gap, rows * (h * scale + gap) + gap);
        bitmap.Erase(new SKColor(64, 64, 64));
        for (var i = 0; i < n; i++)
        {
            var (left, top) = (gap + i % columns * (w * scale + gap), gap + i / columns * (h * scale + gap));
            for (var y = 0; y < h * scale; y++)
            for (var x = 0; x < w * scale; x++)
            {
                int At(int channel) => ((i * c + channel) * h + y / scale) * w + x / scale;
                var colour = c == 1
                    ? new SKColor(values[At(0)], values[At(0)], values[At(0)])
                    : new SKColor(values[At(0)], values[At(1)], values[At(2)]);
                bitmap.SetPixel(left + x, top + y, colour);
            }
        }
        using var image = SKImage.FromBitmap(bitmap);
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
