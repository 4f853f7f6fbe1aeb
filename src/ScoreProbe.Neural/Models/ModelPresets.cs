namespace ScoreProbe.Neural.Models;

/// <summary>Named network configurations; image presets adopt the channel count and size of the data they train on.</summary>
public static class ModelPresets
{
    /// <summary>
    /// <c>unet-paper</c>: seed 004 Appendix B.2 / DDPM CIFAR-10 (3x32x32, block_out_channels 128-256-256-256, attention
    /// at 16x16): 35,746,307 parameters, the count of google/ddpm-cifar10-32.
    /// <c>unet-small</c>: 1x16x16, 16-32 channels, attention at 8x8, GroupNorm(8): 176,849 parameters, CPU default.
    /// <c>unet-small32</c>: 1x32x32, 16-32-32 channels, attention at 16x16, GroupNorm(8).
    /// <c>unet-rgb32</c>: 3x32x32 (emoji), 16-32-64 channels, attention only at 8x8, GroupNorm(8): 687,347 parameters, the
    /// colour preset this CPU trains and samples (attention at 16x16 measured 7x slower per reverse step).
    /// <c>mlp</c>: <see cref="TimeConditionedMlp"/> of width 128 and depth 3 for vector data.
    /// </summary>
    public static IReadOnlyList<string> Names { get; } = ["unet-small", "unet-small32", "unet-rgb32", "unet-paper", "mlp"];

    /// <summary>
    /// The preset's configuration; <paramref name="sampleShape"/> (from the data) overrides the input channels and size
    /// of U-Nets and sets the dimension of the MLP. Throws <see cref="ArgumentException"/> for unknown names or shapes
    /// the preset cannot take.
    /// </summary>
    public static ModelConfig Create(string name, long[]? sampleShape = null)
    {
        ModelConfig config = name switch
        {
            "unet-paper" => new UNetConfig(3, 32, [128, 256, 256, 256], 2,
                [UNetConfig.DownBlock, UNetConfig.AttnDownBlock, UNetConfig.DownBlock, UNetConfig.DownBlock],
                [UNetConfig.UpBlock, UNetConfig.UpBlock, UNetConfig.AttnUpBlock, UNetConfig.UpBlock]),
            "unet-small" => new UNetConfig(1, 16, [16, 32], 1,
                [UNetConfig.DownBlock, UNetConfig.AttnDownBlock], [UNetConfig.AttnUpBlock, UNetConfig.UpBlock], NormNumGroups: 8),
            "unet-small32" => new UNetConfig(1, 32, [16, 32, 32], 1,
                [UNetConfig.DownBlock, UNetConfig.AttnDownBlock, UNetConfig.DownBlock],
                [UNetConfig.UpBlock, UNetConfig.AttnUpBlock, UNetConfig.UpBlock], NormNumGroups: 8),
            "unet-rgb32" => new UNetConfig(3, 32, [16, 32, 64], 1,
                [UNetConfig.DownBlock, UNetConfig.DownBlock, UNetConfig.AttnDownBlock],
                [UNetConfig.AttnUpBlock, UNetConfig.UpBlock, UNetConfig.UpBlock], NormNumGroups: 8),
            "mlp" => new MlpConfig(2),
            _ => throw new ArgumentException($"unknown model '{name}'; choose one of {string.Join(", ", Names)}"),
        };
        return sampleShape is null ? config : Adapt(name, config, sampleShape);
    }

    /// <summary>
    /// The preset that suits examples of <paramref name="sampleShape"/>: <c>mlp</c> for vectors; for images
    /// <c>unet-small</c> up to 16x16 and <c>unet-small32</c> (three levels) for larger sizes divisible by 4.
    /// </summary>
    public static string ForData(long[] sampleShape) => sampleShape switch
    {
        [_] => "mlp",
        [_, var h, var w] when h > 16 && h == w && h % 4 == 0 => "unet-small32",
        _ => "unet-small",
    };

    private static ModelConfig Adapt(string name, ModelConfig config, long[] shape) => config switch
    {
        MlpConfig mlp when shape.Length == 1 => mlp with { Dimension = (int)shape[0] },
        UNetConfig unet when shape.Length == 3 && shape[1] == shape[2] => Checked(unet with { InChannels = (int)shape[0], SampleSize = (int)shape[1] }),
        _ => throw new ArgumentException($"model '{name}' cannot take examples of shape [{string.Join(", ", shape)}]"
                                         + (config is MlpConfig ? "; it needs vectors" : "; it needs square [C, H, W] images")),
    };

    private static UNetConfig Checked(UNetConfig config)
    {
        config.Validate();
        return config;
    }
}
