using System.Runtime.Intrinsics.X86;

namespace ScoreProbe.Neural.Native;

/// <summary>
/// Asks MKL (libtorch's CPU BLAS and LAPACK) for conditional numerical reproducibility on one fixed code branch,
/// <c>MKL_CBWR=AVX2</c> where the processor has AVX2 and FMA, <c>COMPATIBLE</c> otherwise, unless the user set
/// <c>MKL_CBWR</c>. Without any setting MKL picks kernels by the alignment of each buffer, and three identical
/// <c>study</c> runs (FID on pixel features) wrote three records differing in the last bit. A fixed branch gives the
/// same bits run to run, with or without workers and under Slurm, and on every processor that has the branch (Intel or
/// AMD, with or without AVX-512). <c>COMPATIBLE</c> gives the same guarantee with MKL's SSE2 kernels, 2-4x slower on large
/// products (a 10,000 x 2048 Gram matrix: 8.8-9.4 s against 2.5-3.4 s with AVX2 on this 2-core AMD EPYC).
/// </summary>
internal static class MklReproducibility
{
    public const string Variable = "MKL_CBWR";

    /// <summary>The branch requested when the user set none.</summary>
    public static string DefaultBranch => Avx2.IsSupported && Fma.IsSupported ? "AVX2" : "COMPATIBLE";

    public static void Request() => CEnvironment.SetDefault(Variable, DefaultBranch);
}
