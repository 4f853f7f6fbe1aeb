using System.Text.Json;
using ScoreProbe.Neural.Native;
using SkiaSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Data;

/// <summary>One emoji image of the data set.</summary>
/// <param name="Style">Image set: <c>google</c> (Noto) or <c>twitter</c> (Twemoji).</param>
/// <param name="File">PNG file name under <c>img/STYLE/64/</c>.</param>
/// <param name="Category">Index into <see cref="EmojiImages.Categories"/>.</param>
/// <param name="Rank">Rank of its base emoji in the package's sort order (skin tones share their base's rank).</param>
public sealed record EmojiEntry(string Style, string File, int Category, int Rank);

/// <summary>
/// Colour images from the npm packages <c>emoji-datasource-google@16.0.0</c> (Noto Emoji, Apache-2.0) and
/// <c>emoji-datasource-twitter@16.0.0</c> (Twemoji, CC-BY-4.0): the 64x64 RGBA PNGs under <c>img/STYLE/64/</c>
/// (3,786 per set: 1,911 emoji and 1,875 skin-tone variants), alpha composited on white and area-averaged to
/// <c>3x32x32</c> in [-1, 1]. Labels are the emoji's Unicode group (<see cref="Categories"/>).
/// </summary>
/// <remarks>
/// Fixed split: base emoji are ranked by the package's <c>sort_order</c> (Unicode's emoji order); every fifth rank
/// (<c>rank mod 5 = 4</c>) is test, with all its skin tones and in both styles, so no test emoji is seen in training in
/// any form. That puts 20% of the base emoji in the test split.
/// </remarks>
public sealed class EmojiImages(string cacheDirectory)
{
    public const string Version = "16.0.0";
    public const int SourceSide = 64;
    public const int ImageSide = 32;
    public const int Channels = 3;
    private const int TestEvery = 5;

    /// <summary>The two image sets, in the order a combined data set holds them.</summary>
    public static IReadOnlyList<string> Styles { get; } = ["google", "twitter"];

    /// <summary>Unicode's emoji groups, in the order of the package's <c>categories.json</c>.</summary>
    public static IReadOnlyList<string> Categories { get; } =
    [
        "Smileys & Emotion", "People & Body", "Component", "Animals & Nature", "Food & Drink",
        "Travel & Places", "Activities", "Objects", "Symbols", "Flags",
    ];

    /// <summary>The licence of each set's images (the packages' code and metadata are MIT).</summary>
    public static IReadOnlyDictionary<string, string> ImageLicences { get; } = new Dictionary<string, string>
    {
        ["google"] = "Apache-2.0 (Noto Emoji, Google)",
        ["twitter"] = "CC-BY-4.0 (Twemoji, Twitter / jdecked contributors)",
    };

    public string CacheDirectory { get; } = cacheDirectory;

    /// <summary>The npm package of <paramref name="style"/>; only the metadata, the licence and the 64-pixel PNGs are kept.</summary>
    public NpmPackage Package(string style) => new(CacheDirectory, $"emoji-datasource-{CheckStyle(style)}", Version, "scoreprobe data emoji",
        path => path is "emoji.json" or "categories.json" or "LICENSE" or "README.md" or "package.json"
                || path.StartsWith($"img/{style}/{SourceSide}/", StringComparison.Ordinal) && path.EndsWith(".png", StringComparison.Ordinal));

    /// <summary>Fetches (or repairs) the packages of <paramref name="styles"/>.</summary>
    public void Fetch(IEnumerable<string> styles, Action<string>? log = null)
    {
        foreach (var style in styles) Package(style).Fetch(log);
    }

    /// <summary>Every image of <paramref name="style"/> in <paramref name="split"/>, in rank order (base emoji before its skin tones).</summary>
    public IReadOnlyList<EmojiEntry> Entries(string style, DataSplit split)
    {
        var package = Package(style);
        var files = package.Files.ToHashSet(StringComparer.Ordinal);
        using var document = ParseMetadata(package);
        var bases = document.RootElement.EnumerateArray()
            .Where(e => e.GetProperty($"has_img_{style}").GetBoolean())
            .OrderBy(e => e.GetProperty("sort_order").GetInt32())
            .ToList();
        var entries = new List<EmojiEntry>();
        for (var rank = 0; rank < bases.Count; rank++)
        {
            if (!InSplit(rank, split)) continue;
            var emoji = bases[rank];
            var category = CategoryIndex(emoji.GetProperty("category").GetString(), package);
            var images = new List<string> { emoji.GetProperty("image").GetString()! };
            if (emoji.TryGetProperty("skin_variations", out var variations))
                images.AddRange(variations.EnumerateObject().OrderBy(v => v.Name, StringComparer.Ordinal)
                    .Where(v => v.Value.GetProperty($"has_img_{style}").GetBoolean())
                    .Select(v => v.Value.GetProperty("image").GetString()!));
            foreach (var image in images)
            {
                if (!files.Contains(ImagePath(style, image)))
                    throw new DataUnavailableException($"{package.Spec}: emoji.json lists {image} but {ImagePath(style, image)} is not in the package; run 'scoreprobe data emoji'");
                entries.Add(new EmojiEntry(style, image, category, rank));
            }
        }
        return entries;
    }

    /// <summary>
    /// The images of <paramref name="styles"/> in <paramref name="split"/> as <c>[N, 3, 32, 32]</c> values in [0, 1]
    /// (alpha composited on white, 2x2 area average) with their category labels.
    /// </summary>
    public (float[] Pixels, int[] Labels) Read(IReadOnlyList<string> styles, DataSplit split)
    {
        var entries = styles.SelectMany(style => Entries(style, split)).ToList();
        var packages = styles.ToDictionary(style => style, Package);
        var pixels = new float[entries.Count * Channels * ImageSide * ImageSide];
        Parallel.For(0, entries.Count, i =>
        {
            var entry = entries[i];
            var bytes = packages[entry.Style].ReadVerified(ImagePath(entry.Style, entry.File));
            DecodeOnWhite(bytes, entry.File, pixels.AsSpan(i * Channels * ImageSide * ImageSide, Channels * ImageSide * ImageSide));
        });
        return (pixels, entries.Select(e => e.Category).ToArray());
    }

    /// <summary>Loads a split as an <see cref="ImageDataset"/> in [-1, 1], named <c>emoji32</c> (both styles) or <c>emoji-STYLE32</c>.</summary>
    public ImageDataset Load(IReadOnlyList<string> styles, DataSplit split)
    {
        NativeLoader.EnsureLoaded();
        var (pixels, labels) = Read(styles, split);
        using var scope = NewDisposeScope();
        var unit = tensor(pixels).reshape(labels.Length, Channels, ImageSide, ImageSide);
        var name = styles.Count == 1 ? $"emoji-{styles[0]}{ImageSide}" : $"emoji{ImageSide}";
        return new ImageDataset(name, ImageTransforms.ToModelRange(unit).MoveToOuterDisposeScope(), labels);
    }

    /// <summary>
    /// Decodes a 64x64 RGBA PNG, composites it on white (<c>c' = a c + (1 - a)</c> in [0, 1], unpremultiplied colours) and
    /// averages 2x2 blocks into <paramref name="output"/> (<c>[3, 32, 32]</c>, channel-major).
    /// </summary>
    internal static void DecodeOnWhite(byte[] png, string name, Span<float> output)
    {
        using var data = SKData.CreateCopy(png);
        using var codec = SKCodec.Create(data) ?? throw new DataUnavailableException($"{name} is not a readable PNG image; run 'scoreprobe data emoji'");
        if (codec.Info.Width != SourceSide || codec.Info.Height != SourceSide)
            throw new DataUnavailableException($"{name} is {codec.Info.Width}x{codec.Info.Height}, expected {SourceSide}x{SourceSide}");
        var info = new SKImageInfo(SourceSide, SourceSide, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        if (codec.GetPixels(info, out var rgba) != SKCodecResult.Success)
            throw new DataUnavailableException($"{name} could not be decoded; run 'scoreprobe data emoji'");
        output.Clear();
        const float quarter = 0.25f;
        for (var y = 0; y < SourceSide; y++)
        for (var x = 0; x < SourceSide; x++)
        {
            var at = (y * SourceSide + x) * 4;
            var alpha = rgba[at + 3] / 255f;
            var cell = y / 2 * ImageSide + x / 2;
            for (var c = 0; c < Channels; c++)
                output[c * ImageSide * ImageSide + cell] += quarter * (alpha * (rgba[at + c] / 255f) + (1 - alpha));
        }
    }

    private static bool InSplit(int rank, DataSplit split) => split switch
    {
        DataSplit.Train => rank % TestEvery != TestEvery - 1,
        DataSplit.Test => rank % TestEvery == TestEvery - 1,
        _ => true,
    };

    private static string ImagePath(string style, string image) => $"img/{style}/{SourceSide}/{image}";

    private static string CheckStyle(string style) =>
        Styles.Contains(style) ? style : throw new InvalidOperationException($"unknown emoji style '{style}'");

    private static JsonDocument ParseMetadata(NpmPackage package)
    {
        try
        {
            var document = JsonDocument.Parse(package.ReadVerified("emoji.json"));
            if (document.RootElement.ValueKind != JsonValueKind.Array) throw new JsonException("the root is not an array");
            return document;
        }
        catch (JsonException e)
        {
            throw new DataUnavailableException($"{package.Spec}: emoji.json is not the package's emoji list ({e.Message}); run 'scoreprobe data emoji'", e);
        }
    }

    private static int CategoryIndex(string? category, NpmPackage package)
    {
        for (var i = 0; i < Categories.Count; i++)
            if (Categories[i] == category) return i;
        throw new DataUnavailableException($"{package.Spec}: unknown emoji category '{category}'");
    }
}
