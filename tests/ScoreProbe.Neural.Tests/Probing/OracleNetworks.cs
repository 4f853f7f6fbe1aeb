using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Probing;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Probing;

/// <summary>
/// "Networks" with a known score error: the exact score of Gaussian data plus a chosen affine perturbation per timestep, smooth in
/// t. Everything the probe and the estimators report about them can be checked against the perturbation itself.
/// </summary>
internal static class OracleNetworks
{
    public static readonly GaussianDataset Data = DatasetSpec.Gaussian(3);
    public static readonly NetworkTimeline Timeline = new(NoiseSchedule.Default);

    /// <summary>A trajectory u_i = f(i/N) over all timesteps: delta part always, Delta part when <paramref name="withDelta"/>.</summary>
    public static Dictionary<int, SpatialDirection> Perturbation(double size, bool withDelta, int seed)
    {
        var rng = new Random(seed);
        var d = Data.Mean.Count;
        var v1 = Vector<double>.Build.Dense(d, _ => Gaussian.Next(rng));
        var v2 = Vector<double>.Build.Dense(d, _ => Gaussian.Next(rng));
        var m = Matrix<double>.Build.Dense(d, d, (_, _) => Gaussian.Next(rng));
        return Enumerable.Range(0, Timeline.Length).ToDictionary(i => i, i =>
        {
            var u = (double)i / Timeline.Length;
            return new SpatialDirection(withDelta ? size / d * u * m : null, size / Math.Sqrt(d) * (v1 + Math.Sin(3 * u) * v2));
        });
    }

    /// <summary>Sum of scaled perturbations, timestep by timestep.</summary>
    public static Dictionary<int, SpatialDirection> Combine(params (double Weight, Dictionary<int, SpatialDirection> Errors)[] parts) =>
        Enumerable.Range(0, Timeline.Length).ToDictionary(i => i, i => parts
            .Select(p => p.Errors[i].Scale(p.Weight))
            .Aggregate((l, r) => new SpatialDirection(l.Delta is null ? r.Delta : r.Delta is null ? l.Delta : l.Delta + r.Delta, l.Shift! + r.Shift!)));

    public static AffineScoreNetwork Network(IReadOnlyDictionary<int, SpatialDirection> errors, ScalarType precision = ScalarType.Float64) =>
        new(new AffineScoreConfig(Data, Timeline, errors, precision));

    /// <summary>The perturbation over a sampler's evaluation timesteps, as Core takes it.</summary>
    public static ErrorTrajectory Trajectory(IReadOnlyDictionary<int, SpatialDirection> errors, IReadOnlyList<int> timesteps) =>
        new(timesteps.Select(t => (SpatialDirection?)errors[t]).ToArray());
}
