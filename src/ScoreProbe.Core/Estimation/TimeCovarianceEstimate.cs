using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// An estimated time-time covariance of a p-dimensional per-time coefficient over m grid times, stored as the full
/// stacked (m p) x (m p) matrix with time-major index a p + i: Entry(a, b, i, j) = Cov(z_{a,i}, z_{b,j}).
/// For <see cref="CoefficientSamples"/> the modes per time are (vec Delta, delta), see <see cref="CoefficientCovariance"/>.
/// Immutable: accessors return copies. Records which structure produced it and its chosen parameters.
/// </summary>
public sealed class TimeCovarianceEstimate
{
    private readonly Matrix<double> _stacked;

    public TimeCovarianceEstimate(Matrix<double> stacked, int times, int modesPerTime, CovarianceStructureKind structure,
        int? bandwidth = null, int? rank = null, double? rho = null)
    {
        if (stacked.RowCount != times * modesPerTime || stacked.ColumnCount != times * modesPerTime)
            throw new ArgumentException($"a stacked covariance for m={times}, p={modesPerTime} is {times * modesPerTime} square (got {stacked.RowCount}x{stacked.ColumnCount}).");
        _stacked = stacked.Clone();
        Times = times;
        ModesPerTime = modesPerTime;
        Structure = structure;
        Bandwidth = bandwidth;
        Rank = rank;
        Rho = rho;
    }

    /// <summary>m.</summary>
    public int Times { get; }

    /// <summary>p.</summary>
    public int ModesPerTime { get; }

    public CovarianceStructureKind Structure { get; }

    /// <summary>Band half-width w (banded model).</summary>
    public int? Bandwidth { get; }

    /// <summary>Number of retained temporal modes (low-rank model).</summary>
    public int? Rank { get; }

    /// <summary>Lag-one correlation of the exponential time kernel rho^|a-b| (separable model).</summary>
    public double? Rho { get; }

    public double Entry(int a, int b, int i, int j) => _stacked[a * ModesPerTime + i, b * ModesPerTime + j];

    /// <summary>The p x p block Cov(z_a, z_b).</summary>
    public Matrix<double> Block(int a, int b) => _stacked.SubMatrix(a * ModesPerTime, ModesPerTime, b * ModesPerTime, ModesPerTime);

    /// <summary>The m x m time kernel of scalar modes i and j: K[a, b] = Cov(z_{a,i}, z_{b,j}).</summary>
    public Matrix<double> TimeKernel(int i, int j) => Matrix<double>.Build.Dense(Times, Times, (a, b) => Entry(a, b, i, j));

    /// <summary>The trace-aggregated m x m time kernel K[a, b] = tr Cov(z_a, z_b).</summary>
    public Matrix<double> TraceKernel() => Matrix<double>.Build.Dense(Times, Times, (a, b) => Enumerable.Range(0, ModesPerTime).Sum(i => Entry(a, b, i, i)));

    /// <summary>A copy of the stacked matrix.</summary>
    public Matrix<double> ToMatrix() => _stacked.Clone();

    /// <summary>The same estimate with symmetric part taken and negative eigenvalues of the full stacked matrix clipped to zero (paper 000 §7).</summary>
    public TimeCovarianceEstimate ProjectedToPsd() =>
        new(SymmetricEigen.ProjectPsd(_stacked), Times, ModesPerTime, Structure, Bandwidth, Rank, Rho);

    /// <summary>Sum of the negative eigenvalues of the symmetric part (0 for a PSD estimate): how much PSD projection removes.</summary>
    public double NegativeEigenvalueMass() => SymmetricEigen.Of(_stacked).Values.Where(v => v < 0).Sum();
}
