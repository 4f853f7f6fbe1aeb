using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>The samples themselves, flattened: the Fréchet distance of pixels is the W2 of their Gaussian fits.</summary>
public sealed class RawPixelFeatures : IFeatureExtractor
{
    public string Name => "pixels";

    public Tensor Extract(Tensor samples) => samples.reshape(samples.shape[0], -1).to(ScalarType.Float32);
}
