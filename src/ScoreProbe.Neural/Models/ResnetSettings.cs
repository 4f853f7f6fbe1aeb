namespace ScoreProbe.Neural.Models;

/// <summary>What every <see cref="ResnetBlock2D"/> of a U-Net shares (diffusers passes these to each block).</summary>
/// <param name="Groups">GroupNorm groups of norm1 and norm2.</param>
/// <param name="Eps">GroupNorm epsilon.</param>
/// <param name="ActivationName">Non-linearity (<see cref="Activation"/>).</param>
/// <param name="ScaleShift">Time conditioning by scale and shift after norm2 instead of an added bias before it.</param>
/// <param name="Dropout">Dropout before conv2 (training only).</param>
/// <param name="OutputScaleFactor">The block divides its output by this.</param>
public sealed record ResnetSettings(int Groups, double Eps = 1e-5, string ActivationName = "silu", bool ScaleShift = false,
    double Dropout = 0, double OutputScaleFactor = 1)
{
    public static ResnetSettings From(UNetConfig config, double outputScaleFactor = 1) =>
        new(config.NormNumGroups, config.NormEps, config.ActFn, config.ResnetTimeScaleShift == "scale_shift", config.Dropout, outputScaleFactor);
}
