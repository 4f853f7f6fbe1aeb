using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Percentile bootstrap over repetitions (paper 000 §7, diagnostics (iii)) for any scalar functional of an estimated
/// covariance, e.g. the kernel-predicted error Q = sum_ab &lt;K[a, b], Sigma_ab&gt; once a kernel is supplied: each resample
/// draws R repetitions with replacement, refits the structure (tuning parameters frozen at the full-data choice) and
/// evaluates the functional.
/// </summary>
public static class CovarianceBootstrap
{
    public static BootstrapInterval Interval(Matrix<double> samples, int times, int modesPerTime, ICovarianceStructure structure,
        Func<TimeCovarianceEstimate, double> functional, int resamples, int seed, double level = 0.95)
    {
        var frozen = structure.Frozen(structure.Fit(samples, times, modesPerTime));
        return Bootstrap.Percentile(samples.RowCount,
            rows => functional(frozen.Fit(EmpiricalCovariance.Select(samples, rows), times, modesPerTime)),
            resamples, seed, level);
    }
}
