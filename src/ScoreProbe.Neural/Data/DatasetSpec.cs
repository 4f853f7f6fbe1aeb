using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core;

namespace ScoreProbe.Neural.Data;

/// <summary>
/// Parses the <c>--data</c> strings: <c>mnist</c> (= <c>mnist16</c>), <c>mnist16</c>, <c>mnist32</c>, <c>mnist28</c>
/// (training split); <c>gaussian[:d]</c>; <c>gmm[:d]</c>; <c>images:PATH</c>.
/// </summary>
/// <remarks>
/// <c>gaussian:d</c> (default d = 2) is <c>N(mu, C)</c> with <c>mu_i = (-1)^i / 2</c>,
/// <c>C_ij = s_i s_j 0.5^|i-j|</c>, <c>s_i = 0.5 + 0.5 i / (d - 1)</c>: correlated and anisotropic, so a score
/// error shows in every direction. <c>gmm:d</c> is four equally weighted components <c>N((+-1.5, +-1.5, 0, ...), 0.1 I)</c>.
/// </remarks>
public static class DatasetSpec
{
    public static IReadOnlyList<string> Forms { get; } = ["mnist", "mnist16", "mnist32", "mnist28", "gaussian[:d]", "gmm[:d]", "images:PATH"];

    /// <summary>
    /// Opens the data set; <see cref="InvalidConfigurationException"/> (parameter <c>data</c>) for a malformed spec,
    /// <see cref="DataUnavailableException"/> for missing data.
    /// </summary>
    public static IDataset Open(string spec, string? cacheDirectory = null)
    {
        var (kind, argument) = spec.IndexOf(':') is var colon and >= 0 ? (spec[..colon], spec[(colon + 1)..]) : (spec, "");
        return kind switch
        {
            "mnist" or "mnist16" => Mnist(cacheDirectory, ImageGeometry.Resize16, argument, spec),
            "mnist32" => Mnist(cacheDirectory, ImageGeometry.Pad32, argument, spec),
            "mnist28" => Mnist(cacheDirectory, ImageGeometry.Native, argument, spec),
            "gaussian" => Gaussian(Dimension(argument, spec)),
            "gmm" => Mixture(Dimension(argument, spec)),
            "images" when argument.Length > 0 => ImageFolder.Load(argument),
            _ => throw new InvalidConfigurationException("data", $"'{spec}' is not a data set; use one of {string.Join(", ", Forms)}"),
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
        if (d < 2) throw new InvalidConfigurationException("data", $"gmm needs a dimension of at least 2 (got gmm:{d})");
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
            : throw new InvalidConfigurationException("data", $"'{spec}': the dimension after ':' must be an integer in 1..4096");
    }

    private static ImageDataset Mnist(string? cacheDirectory, ImageGeometry geometry, string argument, string spec)
    {
        if (argument.Length > 0) throw new InvalidConfigurationException("data", $"'{spec}': mnist takes no argument; use mnist16, mnist28 or mnist32");
        return new MnistPackage(cacheDirectory ?? MnistPackage.DefaultCacheDirectory).Load(MnistSplit.Train, geometry);
    }
}
