namespace ScoreProbe.Neural.Native;

/// <summary>
/// Asks MKL (libtorch's CPU BLAS and LAPACK) for conditional numerical reproducibility on the instruction set it detects,
/// <c>MKL_CBWR=AUTO</c>, unless the user set <c>MKL_CBWR</c>. Without it MKL picks kernels by the alignment of each buffer,
/// and the same seed gave results differing in the last bit between runs: three identical <c>study</c> runs (FID on pixel
/// features) wrote three different records; with it they wrote the same bytes, with or without workers. <c>COMPATIBLE</c>
/// gave the same bytes too but runs MKL's SSE2 code: the 10,000 x 2048 covariance took 9.2 s against 2.6 s.
/// </summary>
internal static class MklReproducibility
{
    public const string Variable = "MKL_CBWR";

    public static void Request() => CEnvironment.SetDefault(Variable, "AUTO");
}
