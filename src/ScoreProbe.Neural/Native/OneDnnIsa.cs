namespace ScoreProbe.Neural.Native;

/// <summary>
/// Caps the instruction set oneDNN (libtorch's CPU convolution backend) dispatches to at AVX2, unless the user set
/// <c>ONEDNN_MAX_CPU_ISA</c> themselves. libtorch 2.10's oneDNN AVX-512 float32 convolution returns wrong values
/// (errors of order 1 on outputs of order 1) when the input has more than 16 channels, not a multiple of 16, and the
/// batch holds more than one image: measured on an AMD EPYC with AVX-512 for 20, 24, 40 and 56 input channels, while
/// 16, 32, 48, 64 and 96, batch 1, float64 and the AVX2 kernels all agree with an im2col product to 1e-6.
/// A diffusers U-Net whose skip concatenation gives 24 channels (16 + 8) came out wrong by up to 44.
/// </summary>
/// <remarks>
/// oneDNN reads the variable once, at its first primitive, through the C library's <c>getenv</c>
/// (<see cref="CEnvironment"/>), so it is set before any tensor work (<see cref="NativeLoader"/>).
/// </remarks>
internal static class OneDnnIsa
{
    public const string Variable = "ONEDNN_MAX_CPU_ISA";

    public static void CapAtAvx2() => CEnvironment.SetDefault(Variable, "AVX2");
}
