using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>A time-time covariance model fitted to repetition samples (rows of an R x (m p) matrix, time-major columns).</summary>
public interface ICovarianceStructure
{
    CovarianceStructureKind Kind { get; }

    TimeCovarianceEstimate Fit(Matrix<double> samples, int times, int modesPerTime);

    /// <summary>This structure with its tuning parameter fixed to the one <paramref name="fitted"/> chose, so a bootstrap refits without re-validating.</summary>
    ICovarianceStructure Frozen(TimeCovarianceEstimate fitted);
}
