using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// A feature network for Fréchet distances: maps samples in model space (<c>[N, ...]</c>, images in [-1, 1]) to feature
/// vectors <c>[N, F]</c>. FID is the Fréchet distance between Gaussian fits of these features (seed 004, §7.1).
/// </summary>
public interface IFeatureExtractor
{
    /// <summary>Identifier written into results, e.g. <c>pixels</c>, <c>mnist16-cnn</c>, <c>torchscript:inception.pt</c>.</summary>
    string Name { get; }

    /// <summary>Features of <paramref name="samples"/>, <c>[N, F]</c> float32, computed without gradients.</summary>
    Tensor Extract(Tensor samples);
}
