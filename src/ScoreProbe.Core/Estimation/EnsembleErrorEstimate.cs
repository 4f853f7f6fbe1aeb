using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// The score error of a network drawn from the training randomness, estimated from M networks trained with different seeds (or
/// different checkpoints): member j's systematic error <c>z_j</c> (<see cref="SystematicErrorEstimate"/>), their mean, and the
/// across-member covariance, which is the time-time covariance <c>Cov(e_s, e_s')</c> paper 000 is about. For the prediction the
/// second moment is <c>(1/M) sum_j z_j z_j^T = mean mean^T + Cov_plug-in</c>, an unbiased estimate of <c>E[z z^T]</c>, so the
/// fluctuation model uses the 1/M normalisation (<see cref="Fluctuation"/>); the reported variances use 1/(M-1). Members are
/// probed on common random numbers, so their differences are not inflated by independent fitting draws.
/// </summary>
public sealed class EnsembleErrorEstimate
{
    private readonly Vector<double>[] _deviations;

    public EnsembleErrorEstimate(IReadOnlyList<SystematicErrorEstimate> members)
    {
        if (members.Count == 0) throw new ArgumentException("an ensemble needs at least one member");
        var layout = members[0].Samples;
        if (members.Any(x => x.Mean.Count != layout.Stacked.ColumnCount || x.Samples.Dim != layout.Dim))
            throw new ArgumentException("ensemble members must share times, dimension and coefficient layout");
        Members = members;
        Mean = members.Aggregate(Vector<double>.Build.Dense(layout.Stacked.ColumnCount), (sum, x) => sum + x.Mean) / members.Count;
        _deviations = members.Select(x => x.Mean - Mean).ToArray();
    }

    public IReadOnlyList<SystematicErrorEstimate> Members { get; }

    public int Count => Members.Count;

    public Vector<double> Mean { get; }

    private CoefficientSamples Layout => Members[0].Samples;

    /// <summary>The mean systematic error over a sampler's evaluation times.</summary>
    public ErrorTrajectory MeanTrajectory(IReadOnlyList<int> timeOfEvaluation) => CoefficientVectors.ToTrajectory(Mean, Layout.Dim, Layout.DiagonalDelta, timeOfEvaluation);

    /// <summary>The across-member fluctuation with plug-in covariance <c>(1/M) sum_j u_j u_j^T</c>, <c>u_j = z_j - mean</c>; null for M = 1.</summary>
    public TrajectoryErrorModel? Fluctuation(IReadOnlyList<int> timeOfEvaluation) => Count < 2
        ? null
        : CoefficientVectors.ToErrorModel("ensemble", _deviations, 1 / Math.Sqrt(Count), Layout.Dim, Layout.DiagonalDelta, timeOfEvaluation);

    /// <summary>
    /// The fitting noise carried by the members' means, averaged, <c>(1/M) sum_j S_j / R_j</c>: in the second moment it adds to the
    /// training randomness and is subtracted from predictions; null when a member has a single repetition.
    /// </summary>
    public TrajectoryErrorModel? FittingNoise(IReadOnlyList<int> timeOfEvaluation)
    {
        if (Members.Any(x => x.Repetitions < 2)) return null;
        var trajectories = Members.SelectMany(x => x.MeanNoise(timeOfEvaluation)!.Trajectories.Select(w => w.Select(s => s?.Scale(1 / Math.Sqrt(Count))).ToArray())).ToArray();
        return new TrajectoryErrorModel("fitting-noise", Layout.Dim, timeOfEvaluation.Count, trajectories);
    }

    /// <summary>Across-member variance at time a, <c>(1/(M-1)) sum_j ||u_{j,a}||^2</c>; NaN for M = 1.</summary>
    public double Variance(int time) => Count < 2 ? double.NaN : Covariance(time, time);

    /// <summary>The trace time kernel <c>(1/(M-1)) sum_j u_{j,a} . u_{j,b}</c> of the across-member covariance (restricted to one part).</summary>
    public double Covariance(int a, int b, bool shiftOnly = false)
    {
        if (Count < 2) return double.NaN;
        int p = Layout.ModesPerTime, first = shiftOnly ? Layout.DeltaModes : 0;
        var total = 0.0;
        foreach (var u in _deviations)
            for (var k = first; k < p; k++) total += u[a * p + k] * u[b * p + k];
        return total / (Count - 1);
    }
}
