using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Turns an estimated joint covariance of the affine coefficients (paper 000 §7) into an error model the kernel engines
/// contract against: the PSD part of <c>Cov(z_a, z_b)</c>, <c>z_a = (vec Delta_a, delta_a)</c>, is written as
/// <c>sum_j lambda_j v_j v_j^T</c> and each <c>sqrt(lambda_j) v_j</c> becomes one trajectory of a <see cref="TrajectoryErrorModel"/>.
/// Time-time, Delta-Delta, delta-delta and Delta-delta blocks are all kept; negative eigenvalues (estimation noise) are dropped.
/// </summary>
public static class EstimatedErrorModel
{
    /// <param name="covariance">The estimated joint covariance; its time index a runs over the residual times.</param>
    /// <param name="name">Model name.</param>
    /// <param name="timeOfEvaluation">For each evaluation time n of the sampler, the covariance's time index a (default: a = n).
    /// The sampler walks from T down, residual files usually list times upwards.</param>
    public static TrajectoryErrorModel From(CoefficientCovariance covariance, string name = "estimated", IReadOnlyList<int>? timeOfEvaluation = null)
    {
        var joint = covariance.Joint;
        int d = covariance.Dim, m = joint.Times;
        var order = timeOfEvaluation ?? Enumerable.Range(0, m).ToArray();
        var evd = SymmetricEigen.Of(joint.ToMatrix());
        var values = evd.Values;
        var tolerance = 1e-12 * Math.Max(values.AbsoluteMaximum(), 1e-300);
        var trajectories = new List<SpatialDirection?[]>();
        // Smallest eigenvalue first: the order the components have always been drawn in, so seeded draws stay as they were.
        for (var l = values.Count - 1; l >= 0; l--)
        {
            if (values[l] <= tolerance) continue;
            var w = evd.Vectors.Column(l) * Math.Sqrt(values[l]);
            trajectories.Add(CoefficientVectors.ToTrajectory(w, d, covariance.DiagonalDelta, order).Times.ToArray());
        }
        return new TrajectoryErrorModel(name, d, order.Count, trajectories);
    }
}
