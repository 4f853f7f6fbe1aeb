using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Low rank in time (paper 000 §7 (ii), the trace-aggregated variant): the leading r eigenvectors Phi (m x r) of the
/// trace kernel K[a, b] = tr Sigma_ab of the empirical covariance span the temporal modes, and the estimate is
/// (P (x) I_p) Sigma_hat (P (x) I_p) with P = Phi Phi^T. For p = 1 this is the rank-r truncated eigen-decomposition;
/// it stays PSD. When no rank is given, r in 1..m is chosen by <see cref="HeldOutValidation"/>.
/// </summary>
public sealed class LowRankTimeCovariance(int? rank = null, int seed = 0) : ICovarianceStructure
{
    public CovarianceStructureKind Kind => CovarianceStructureKind.LowRank;

    public TimeCovarianceEstimate Fit(Matrix<double> samples, int times, int modesPerTime)
    {
        if (rank is not null && (rank < 1 || rank > times)) throw new ArgumentOutOfRangeException(nameof(rank), rank, $"the rank must lie in 1..m = 1..{times}.");
        var r = rank ?? HeldOutValidation.Choose(samples, Enumerable.Range(1, times).ToArray(),
            (training, candidate) => Project(training, times, modesPerTime, candidate), seed);
        return new TimeCovarianceEstimate(Project(EmpiricalCovariance.Of(samples), times, modesPerTime, r), times, modesPerTime, Kind, rank: r);
    }

    public ICovarianceStructure Frozen(TimeCovarianceEstimate fitted) => new LowRankTimeCovariance(fitted.Rank, seed);

    private static Matrix<double> Project(Matrix<double> empirical, int times, int modesPerTime, int r)
    {
        var traceKernel = new TimeCovarianceEstimate(empirical, times, modesPerTime, CovarianceStructureKind.Unrestricted).TraceKernel();
        var modes = SymmetricEigen.Of(traceKernel).Vectors.SubMatrix(0, times, 0, r);
        var projector = (modes * modes.Transpose()).KroneckerProduct(Matrix<double>.Build.DenseIdentity(modesPerTime));
        return projector * empirical * projector;
    }
}
