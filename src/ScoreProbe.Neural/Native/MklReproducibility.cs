namespace ScoreProbe.Neural.Native;

/// <summary>
/// Asks MKL (libtorch's CPU BLAS and LAPACK) for conditional numerical reproducibility, <c>MKL_CBWR=COMPATIBLE</c>, unless
/// the user set <c>MKL_CBWR</c>. Without it MKL picks kernels by the alignment of each buffer, and the same seed gave results
/// differing in the last bit between runs: three identical <c>study</c> runs (FID on pixel features) wrote three different
/// records; with it they wrote the same bytes.
/// </summary>
internal static class MklReproducibility
{
    public const string Variable = "MKL_CBWR";

    public static void Request() => CEnvironment.SetDefault(Variable, "COMPATIBLE");
}
