using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Neural.Data;

/// <summary>
/// Parses the <c>--data</c> strings: <c>mnist</c> (= <c>mnist16</c>), <c>mnist16</c>, <c>mnist32</c>, <c>mnist28</c>;
/// <c>emoji</c> (Google and Twitter images, 3x32x32), <c>emoji:google</c>, <c>emoji:twitter</c>; <c>gaussian[:d]</c>;
/// <c>gmm[:d]</c>; <c>images:PATH</c>. MNIST and emoji have fixed train and test splits; training uses the train split.
/// </summary>
/// <remarks>
/// <c>gaussian:d</c> (default d = 2) is <c>N(mu, C)</c> with <c>mu_i = (-1)^i / 2</c>,
/// <c>C_ij = s_i s_j 0.5^|i-j|</c>, <c>s_i = 0.5 + 0.5 i / (d - 1)</c>: correlated and anisotropic, so a score
/// error shows in every direction. <c>gmm:d</c> is four equally weighted components <c>N((+-1.5, +-1.5, 0, ...), 0.1 I)</c>.
/// </remarks>
public static class DatasetSpec
{
    public static IReadOnlyList<string> Forms { get; } =
        ["mnist", "mnist16", "mnist32", "mnist28", "emoji", "emoji:google", "emoji:twitter", "gaussian[:d]", "gmm[:d]", "images:PATH"];

    /// <summary>Opens the data set; <see cref="ArgumentException"/> for a malformed spec, <see cref="DataUnavailableException"/> for missing data.</summary>
    /// <param name="spec">One of <see cref="Forms"/>.</param>
    /// <param name="cacheDirectory">The data cache, default <see cref="DataCache.DefaultDirectory"/>.</param>
    /// <param name="split">The split of MNIST and emoji (other data have none).</param>
    public static IDataset Open(string spec, string? cacheDirectory = null, DataSplit split = DataSplit.Train)
    {
        var (kind, argument) = spec.IndexOf(':') is var colon and >= 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, "");
        var cache = cacheDirectory ?? DataCache.DefaultDirectory;
        return kind switch
        {
            "mnist" or "mnist16" or "mnist32" or "mnist28" => Mnist(cache, MnistGeometryOf(kind)!.Value, argument, spec, split),
            "emoji" => new EmojiImages(cache).Load(EmojiStyles(spec), split),
            "gaussian" => Gaussian(Dimension(argument, spec)),
            "gmm" => Mixture(Dimension(argument, spec)),
            "images" when argument.Length > 0 => ImageFolder.Load(argument),
            _ => throw new ArgumentException($"unknown data '{spec}'; use one of {string.Join(", ", Forms)}"),
        };
    }

    /// <summary>The default correlated Gaussian of dimension <paramref name="d"/> described above.</summary>
    public static GaussianDataset Gaussian(int d)
    {
        double Scale(int i) => d == 1 ? 0.75 : 0.5 + 0.5 * i / (d - 1);
        var mean = Vector<double>.Build.Dense(d, i => (i % 2 == 0 ? 1 : -1) * 0.5);
        var covariance = Matrix<double>.Build.Dense(d, d, (i, j) => Scale(i) * Scale(j) * Math.Pow(0.5, Math.Abs(i - j)));
        return new GaussianDataset(mean, covariance);
    }

    public static GaussianMixtureDataset Mixture(int d)
    {
        if (d < 2) throw new ArgumentException($"gmm needs d >= 2 (got {d})");
        var corners = new[] { (1.5, 1.5), (1.5, -1.5), (-1.5, 1.5), (-1.5, -1.5) };
        var components = corners.Select(c => new GaussianDataset(
            Vector<double>.Build.Dense(d, i => i == 0 ? c.Item1 : i == 1 ? c.Item2 : 0),
            Matrix<double>.Build.DenseIdentity(d) * 0.1)).ToArray();
        return new GaussianMixtureDataset([1, 1, 1, 1], components);
    }

    private static int Dimension(string argument, string spec)
    {
        if (argument.Length == 0) return 2;
        return int.TryParse(argument, out var d) && d is >= 1 and <= 4096
            ? d
            : throw new ArgumentException($"'{spec}': the dimension after ':' must be an integer in 1..4096");
    }

    /// <summary>The geometry of an MNIST spec (<c>mnist</c> = <c>mnist16</c>: 16x16), or null for other data.</summary>
    public static ImageGeometry? MnistGeometryOf(string spec) => spec switch
    {
        "mnist" or "mnist16" => ImageGeometry.Resize16,
        "mnist32" => ImageGeometry.Pad32,
        "mnist28" => ImageGeometry.Native,
        _ => null,
    };

    /// <summary>The image sets of an emoji spec (<c>emoji</c>: both), or null for other data.</summary>
    public static IReadOnlyList<string>? EmojiStylesOf(string spec) => spec switch
    {
        "emoji" => EmojiImages.Styles,
        _ when spec.StartsWith("emoji:", StringComparison.Ordinal) && EmojiImages.Styles.Contains(spec["emoji:".Length..]) => [spec["emoji:".Length..]],
        _ => null,
    };

    private static IReadOnlyList<string> EmojiStyles(string spec) =>
        EmojiStylesOf(spec) ?? throw new ArgumentException($"'{spec}': use emoji (both image sets), emoji:google or emoji:twitter");

    private static ImageDataset Mnist(string cacheDirectory, ImageGeometry geometry, string argument, string spec, DataSplit split)
    {
        if (argument.Length > 0) throw new ArgumentException($"'{spec}': mnist takes no argument");
        return new MnistPackage(cacheDirectory).Load(split, geometry);
    }
}
