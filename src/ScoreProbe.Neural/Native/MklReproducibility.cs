namespace ScoreProbe.Neural.Native;

/// <summary>
/// Asks MKL (libtorch's CPU BLAS and LAPACK) for conditional numerical reproducibility, <c>MKL_CBWR=COMPATIBLE</c>, unless
/// the user set <c>MKL_CBWR</c>. Without it MKL picks kernels by the alignment of each buffer, and the same seed gave results
/// differing in the last bit between runs: three identical <c>study</c> runs (FID on pixel features) wrote three different
/// records; with it they wrote the same bytes, with or without workers, and under Slurm. <c>AUTO</c> is 3.6x faster on
/// large products (a 10,000 x 2048 covariance 2.6 s against 9.2 s) and kept plain reruns identical, but a Slurm job's
/// classifier ratio then differed from the worker run's in the fourth digit; a user who wants the speed sets
/// <c>MKL_CBWR=AUTO</c> and gives up those bytes.
/// </summary>
internal static class MklReproducibility
{
    public const string Variable = "MKL_CBWR";

    public static void Request() => CEnvironment.SetDefault(Variable, "COMPATIBLE");
}
