using ScoreProbe.Neural.Data;
using SkiaSharp;

namespace ScoreProbe.Neural.Tests.Data;

/// <summary>The emoji images: compositing and resizing against the formula, the real packages' pixels, the fixed split.</summary>
public class EmojiImagesTests
{
    private const int Plane = EmojiImages.ImageSide * EmojiImages.ImageSide;

    private static byte[] Png(Func<int, int, SKColor> pixel)
    {
        using var bitmap = new SKBitmap(new SKImageInfo(64, 64, SKColorType.Rgba8888, SKAlphaType.Unpremul));
        for (var y = 0; y < 64; y++)
        for (var x = 0; x < 64; x++)
            bitmap.SetPixel(x, y, pixel(x, y));
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        return data.ToArray();
    }

    [Fact]
    public void Alpha_is_composited_on_white_before_the_two_by_two_area_average()
    {
        // The top-left 2x2 block: opaque red, transparent blue, half-transparent green, opaque (10, 20, 30); the rest transparent.
        SKColor[,] block = { { new(255, 0, 0, 255), new(0, 0, 255, 0) }, { new(0, 255, 0, 128), new(10, 20, 30, 255) } };
        var png = Png((x, y) => x < 2 && y < 2 ? block[y, x] : new SKColor(7, 7, 7, 0));
        var output = new float[3 * Plane];
        EmojiImages.DecodeOnWhite(png, "fixture.png", output);

        // c' = a c + (1 - a) per pixel in [0, 1], then the mean of the four.
        double Composite(SKColor c, int channel)
        {
            var value = channel switch { 0 => c.Red, 1 => c.Green, _ => c.Blue } / 255.0;
            var a = c.Alpha / 255.0;
            return a * value + (1 - a);
        }
        for (var channel = 0; channel < 3; channel++)
        {
            var expected = (Composite(block[0, 0], channel) + Composite(block[0, 1], channel) + Composite(block[1, 0], channel) + Composite(block[1, 1], channel)) / 4;
            Assert.Equal(expected, output[channel * Plane], 5);
            // Fully transparent pixels are white whatever colour they store.
            Assert.Equal(1f, output[channel * Plane + Plane - 1], 6);
        }
    }

    [Fact]
    public void A_png_of_another_size_is_refused_with_its_name()
    {
        using var bitmap = new SKBitmap(32, 32);
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Png, 100);
        var e = Assert.Throws<DataUnavailableException>(() => EmojiImages.DecodeOnWhite(data.ToArray(), "small.png", new float[3 * Plane]));
        Assert.Contains("small.png is 32x32", e.Message);
    }

    [Fact]
    public void Real_flags_of_Japan_are_red_in_the_middle_and_white_in_the_corner_in_both_sets()
    {
        var emoji = new EmojiImages(DataCache.DefaultDirectory);
        emoji.Fetch(EmojiImages.Styles);
        foreach (var style in EmojiImages.Styles)
        {
            var output = new float[3 * Plane];
            EmojiImages.DecodeOnWhite(emoji.Package(style).ReadVerified($"img/{style}/64/1f1ef-1f1f5.png"), "jp", output);
            var centre = 16 * EmojiImages.ImageSide + 16;
            Assert.True(output[centre] > 0.7 && output[Plane + centre] < 0.3 && output[2 * Plane + centre] < 0.3,
                $"{style}: centre (R, G, B) = ({output[centre]}, {output[Plane + centre]}, {output[2 * Plane + centre]})");
            Assert.All(new[] { 0, Plane, 2 * Plane }, plane => Assert.Equal(1f, output[plane], 6));
        }
    }

    [Fact]
    public void The_split_puts_every_fifth_emoji_with_its_skin_tones_in_test_identically_in_both_sets()
    {
        var emoji = new EmojiImages(DataCache.DefaultDirectory);
        emoji.Fetch(EmojiImages.Styles);
        var test = EmojiImages.Styles.ToDictionary(s => s, s => emoji.Entries(s, DataSplit.Test));
        var train = EmojiImages.Styles.ToDictionary(s => s, s => emoji.Entries(s, DataSplit.Train));
        foreach (var style in EmojiImages.Styles)
        {
            Assert.All(test[style], e => Assert.Equal(4, e.Rank % 5));
            Assert.DoesNotContain(train[style], e => e.Rank % 5 == 4);
            // 1,911 emoji ranked 0..1910: ranks 4, 9, ..., 1909 are test.
            Assert.Equal(382, test[style].Select(e => e.Rank).Distinct().Count());
            Assert.Equal(3786, test[style].Count + train[style].Count);
        }
        Assert.Equal(test["google"].Select(e => e.File), test["twitter"].Select(e => e.File));
    }
}
