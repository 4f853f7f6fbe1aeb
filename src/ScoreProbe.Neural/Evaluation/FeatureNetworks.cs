using ScoreProbe.Neural.Data;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Parses <c>--features</c>: <c>auto</c> (the MNIST digit CNN for MNIST models, raw pixels otherwise), <c>pixels</c>,
/// <c>mnist-cnn</c>, <c>torchscript:PATH</c>.
/// </summary>
public static class FeatureNetworks
{
    public static IReadOnlyList<string> Forms { get; } = ["auto", "pixels", "mnist-cnn", "torchscript:PATH"];

    /// <summary>Throws <see cref="ArgumentException"/> for an unknown form (before any work starts).</summary>
    public static void Validate(string spec)
    {
        if (spec is not ("auto" or "pixels" or "mnist-cnn") && !(spec.StartsWith("torchscript:", StringComparison.Ordinal) && spec.Length > "torchscript:".Length))
            throw new ArgumentException($"unknown feature network '{spec}'; use one of {string.Join(", ", Forms)}");
    }

    /// <summary>Opens the feature network for models trained on <paramref name="dataSpec"/>; <paramref name="log"/> hears about training.</summary>
    public static IFeatureExtractor Open(string spec, string dataSpec, string cacheDirectory, Action<string>? log = null)
    {
        Validate(spec);
        var geometry = ReferenceData.MnistGeometry(dataSpec);
        return spec switch
        {
            "pixels" => new RawPixelFeatures(),
            "auto" when geometry is null => new RawPixelFeatures(),
            "auto" or "mnist-cnn" => DigitFeatureNetwork.LoadOrTrain(cacheDirectory,
                geometry ?? throw new ArgumentException($"--features mnist-cnn needs an MNIST model (this one was trained on '{dataSpec}')"), log),
            _ => new TorchScriptFeatures(spec["torchscript:".Length..]),
        };
    }
}
