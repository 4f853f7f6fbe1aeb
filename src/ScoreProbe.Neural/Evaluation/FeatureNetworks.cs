using ScoreProbe.Neural.Data;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Parses <c>--features</c>: <c>auto</c> (the data set's classifier for MNIST and emoji models, raw pixels otherwise),
/// <c>pixels</c>, <c>mnist-cnn</c>, <c>emoji-cnn</c>, <c>torchscript:PATH</c>.
/// </summary>
public static class FeatureNetworks
{
    public static IReadOnlyList<string> Forms { get; } = ["auto", "pixels", "mnist-cnn", "emoji-cnn", "torchscript:PATH"];

    /// <summary>Throws <see cref="ArgumentException"/> for an unknown form (before any work starts).</summary>
    public static void Validate(string spec)
    {
        if (spec is not ("auto" or "pixels" or "mnist-cnn" or "emoji-cnn") && !(spec.StartsWith("torchscript:", StringComparison.Ordinal) && spec.Length > "torchscript:".Length))
            throw new ArgumentException($"unknown feature network '{spec}'; use one of {string.Join(", ", Forms)}");
    }

    /// <summary>Opens the feature network for models trained on <paramref name="dataSpec"/>; <paramref name="log"/> hears about training.</summary>
    public static IFeatureExtractor Open(string spec, string dataSpec, string cacheDirectory, Action<string>? log = null)
    {
        Validate(spec);
        var family = DatasetSpec.MnistGeometryOf(dataSpec) is not null ? "mnist-cnn" : DatasetSpec.EmojiStylesOf(dataSpec) is not null ? "emoji-cnn" : null;
        return spec switch
        {
            "pixels" => new RawPixelFeatures(),
            "auto" when family is null => new RawPixelFeatures(),
            "auto" => ClassifierFeatureNetwork.LoadOrTrain(cacheDirectory, dataSpec, log),
            "mnist-cnn" or "emoji-cnn" when spec == family => ClassifierFeatureNetwork.LoadOrTrain(cacheDirectory, dataSpec, log),
            "mnist-cnn" or "emoji-cnn" => throw new ArgumentException($"--features {spec} needs a model trained on {spec[..^4]} (this one was trained on '{dataSpec}')"),
            _ => new TorchScriptFeatures(spec["torchscript:".Length..]),
        };
    }
}
