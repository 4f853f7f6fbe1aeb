using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// A small CNN image classifier whose penultimate layer is the FID feature space where Inception weights cannot be
/// downloaded (MNIST digits, emoji groups): conv 3x3 (16) - ReLU - max-pool 2 - conv 3x3 (32) - ReLU - adaptive average
/// pool to 4x4 - linear 512 -> 64 - ReLU (= features) - linear 64 -> classes. The adaptive pool lets one architecture take
/// 16, 28 or 32 pixels.
/// </summary>
public sealed class FeatureClassifier : nn.Module<Tensor, Tensor>
{
    public const int FeatureDimension = 64;

    private readonly Conv2d _conv1;
    private readonly Conv2d _conv2;
    private readonly Linear _hidden;
    private readonly Linear _output;

    public FeatureClassifier(int channels, int classes) : base(nameof(FeatureClassifier))
    {
        _conv1 = nn.Conv2d(channels, 16, 3, padding: 1);
        _conv2 = nn.Conv2d(16, 32, 3, padding: 1);
        _hidden = nn.Linear(32 * 4 * 4, FeatureDimension);
        _output = nn.Linear(FeatureDimension, classes);
        RegisterComponents();
    }

    /// <summary>The 64 penultimate activations of images in [-1, 1].</summary>
    public Tensor Features(Tensor images)
    {
        using var scope = NewDisposeScope();
        var h = F.max_pool2d(F.relu(_conv1.forward(images)), 2);
        h = F.adaptive_avg_pool2d(F.relu(_conv2.forward(h)), [4, 4]);
        return F.relu(_hidden.forward(h.flatten(1))).MoveToOuterDisposeScope();
    }

    /// <summary>Class logits.</summary>
    public override Tensor forward(Tensor images)
    {
        using var features = Features(images);
        return _output.forward(features);
    }
}
