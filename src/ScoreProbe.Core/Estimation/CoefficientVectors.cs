using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Stacked coefficient vectors <c>z = (z_0, ..., z_{m-1})</c>, <c>z_a = (vec Delta_a, delta_a)</c> in the layout of
/// <see cref="CoefficientSamples"/>, read as error directions and trajectories.
/// </summary>
public static class CoefficientVectors
{
    /// <summary>The affine error <c>(Delta_a, delta_a)</c> stored at time a of <paramref name="z"/>.</summary>
    public static SpatialDirection ToDirection(Vector<double> z, int time, int dim, bool diagonalDelta)
    {
        var deltaModes = diagonalDelta ? dim : dim * dim;
        var offset = time * (deltaModes + dim);
        var delta = diagonalDelta
            ? Matrix<double>.Build.DenseOfDiagonalArray(Enumerable.Range(0, dim).Select(i => z[offset + i]).ToArray())
            : Matrix<double>.Build.Dense(dim, dim, (i, j) => z[offset + i * dim + j]);
        return new SpatialDirection(delta, Vector<double>.Build.Dense(dim, i => z[offset + deltaModes + i]));
    }

    /// <summary>
    /// The trajectory over a sampler's evaluation times: evaluation time n reads time <paramref name="timeOfEvaluation"/>[n] of z.
    /// </summary>
    public static ErrorTrajectory ToTrajectory(Vector<double> z, int dim, bool diagonalDelta, IReadOnlyList<int> timeOfEvaluation) =>
        new(timeOfEvaluation.Select(a => (SpatialDirection?)ToDirection(z, a, dim, diagonalDelta)).ToArray());

    /// <summary>Independent unit-variance trajectories <c>scale * rows</c>: the model <c>Cov = scale^2 sum_r w_r w_r^T</c>.</summary>
    public static TrajectoryErrorModel ToErrorModel(string name, IEnumerable<Vector<double>> rows, double scale, int dim, bool diagonalDelta, IReadOnlyList<int> timeOfEvaluation) =>
        new(name, dim, timeOfEvaluation.Count, rows.Select(w => ToTrajectory(scale * w, dim, diagonalDelta, timeOfEvaluation).Times.ToArray()).ToArray());
}
