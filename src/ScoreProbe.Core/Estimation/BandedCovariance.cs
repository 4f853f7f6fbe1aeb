using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Banded time covariance (paper 000 §7 (i)): the empirical covariance with every p x p block at |a - b| &gt; w set to
/// zero. With w fixed the Frobenius risk grows like (2w+1) m p^2 / R instead of m^2 p^2 / R. When no bandwidth is
/// given, w in 0..m-1 is chosen by <see cref="HeldOutValidation"/>. Banding can break positive semidefiniteness; use
/// <see cref="TimeCovarianceEstimate.ProjectedToPsd"/> before contracting.
/// </summary>
public sealed class BandedCovariance(int? bandwidth = null, int seed = 0) : ICovarianceStructure
{
    public CovarianceStructureKind Kind => CovarianceStructureKind.Banded;

    public TimeCovarianceEstimate Fit(Matrix<double> samples, int times, int modesPerTime)
    {
        if (bandwidth is < 0) throw new ArgumentOutOfRangeException(nameof(bandwidth), bandwidth, "the bandwidth must be >= 0.");
        var w = bandwidth ?? HeldOutValidation.Choose(samples, Enumerable.Range(0, times).ToArray(),
            (training, candidate) => Band(training, candidate, modesPerTime), seed);
        return new TimeCovarianceEstimate(Band(EmpiricalCovariance.Of(samples), w, modesPerTime), times, modesPerTime, Kind, bandwidth: w);
    }

    public ICovarianceStructure Frozen(TimeCovarianceEstimate fitted) => new BandedCovariance(fitted.Bandwidth, seed);

    /// <summary>Zeroes the blocks with |a - b| &gt; w of a time-major stacked matrix.</summary>
    public static Matrix<double> Band(Matrix<double> stacked, int w, int modesPerTime) =>
        stacked.MapIndexed((row, col, v) => Math.Abs(row / modesPerTime - col / modesPerTime) <= w ? v : 0.0);
}
