using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Data;

/// <summary>Geometry and range maps shared by image data sets and samplers.</summary>
public static class ImageTransforms
{
    /// <summary>Applies <paramref name="geometry"/> to <c>[N, C, 28, 28]</c> images.</summary>
    public static Tensor Apply(Tensor images, ImageGeometry geometry) => geometry switch
    {
        ImageGeometry.Resize16 => F.adaptive_avg_pool2d(images, [16, 16]),
        ImageGeometry.Pad32 => F.pad(images, [2, 2, 2, 2], value: 0),
        _ => images.alias(),
    };

    /// <summary><c>x -> 2x - 1</c>: [0, 1] to [-1, 1], i.e. Normalize(mean = 0.5, std = 0.5) of Appendix B.1.</summary>
    public static Tensor ToModelRange(Tensor unit) => unit.mul(2).sub_(1);

    /// <summary><c>x -> clamp(x/2 + 1/2, 0, 1)</c>, the output map of diffusers' DDPMPipeline.</summary>
    public static Tensor ToUnitRange(Tensor model) => model.div(2).add_(0.5).clamp_(0, 1);
}
