using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>The empirical stacked covariance (1/(R-1)), paper 000 §7; Frobenius risk grows like m^2 p^2 / R.</summary>
public sealed class UnrestrictedCovariance : ICovarianceStructure
{
    public CovarianceStructureKind Kind => CovarianceStructureKind.Unrestricted;

    public TimeCovarianceEstimate Fit(Matrix<double> samples, int times, int modesPerTime) =>
        new(EmpiricalCovariance.Of(samples), times, modesPerTime, Kind);

    public ICovarianceStructure Frozen(TimeCovarianceEstimate fitted) => this;
}
