using ScoreProbe.Neural.Native;
using SkiaSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>Loads every <c>*.png</c> of a folder (sorted by name) as one <see cref="ImageDataset"/>.</summary>
/// <remarks>All images must share one size. Grey images give 1 channel, anything else 3 (RGB; alpha is dropped).</remarks>
public static class ImageFolder
{
    public static ImageDataset Load(string folder)
    {
        if (!Directory.Exists(folder)) throw new DataUnavailableException($"image folder '{folder}' does not exist");
        var files = Directory.GetFiles(folder, "*.png").Order(StringComparer.Ordinal).ToArray();
        if (files.Length == 0) throw new DataUnavailableException($"image folder '{folder}' holds no *.png files");
        NativeLoader.EnsureLoaded();

        var decoded = files.Select(Decode).ToArray();
        var (width, height) = (decoded[0].Width, decoded[0].Height);
        if (decoded.FirstOrDefault(d => d.Width != width || d.Height != height) is { } odd)
            throw new DataUnavailableException($"{odd.Path} is {odd.Width}x{odd.Height}, the folder's first image is {width}x{height}; resize them to one size");
        var channels = decoded.All(d => d.IsGrey) ? 1 : 3;
        var pixels = new float[files.Length * channels * width * height];
        var plane = width * height;
        for (var n = 0; n < decoded.Length; n++)
        for (var c = 0; c < channels; c++)
        for (var p = 0; p < plane; p++)
            pixels[(n * channels + c) * plane + p] = decoded[n].Rgb[p * 3 + c] / 255f;
        using var unit = tensor(pixels).reshape(files.Length, channels, height, width);
        return new ImageDataset($"images:{Path.GetFileName(Path.TrimEndingDirectorySeparator(folder))}", ImageTransforms.ToModelRange(unit));
    }

    private sealed record DecodedImage(string Path, int Width, int Height, byte[] Rgb, bool IsGrey);

    private static DecodedImage Decode(string path)
    {
        using var bitmap = SKBitmap.Decode(path) ?? throw new DataUnavailableException($"{path} is not a readable PNG image");
        var rgb = new byte[bitmap.Width * bitmap.Height * 3];
        var grey = true;
        for (var y = 0; y < bitmap.Height; y++)
        for (var x = 0; x < bitmap.Width; x++)
        {
            var colour = bitmap.GetPixel(x, y);
            var at = (y * bitmap.Width + x) * 3;
            (rgb[at], rgb[at + 1], rgb[at + 2]) = (colour.Red, colour.Green, colour.Blue);
            grey &= colour.Red == colour.Green && colour.Green == colour.Blue;
        }
        return new DecodedImage(path, bitmap.Width, bitmap.Height, rgb, grey);
    }
}
