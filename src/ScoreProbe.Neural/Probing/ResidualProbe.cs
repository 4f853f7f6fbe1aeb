using ScoreProbe.Core;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// Score residuals of a network on a common probability space (paper 000 §7): repetition r draws B pairs
/// <c>(x0, eps)</c> once, from a generator seeded by (seed, r), and uses the same pairs at every timestep,
/// <c>x_t = a_t x0 + b_t eps</c>, so that cross-time statistics are estimable. Every network probed with the same seed sees the
/// same pairs (an ensemble is compared on common random numbers). The result is a <see cref="ResidualSet"/> whose time index a
/// follows the probed timesteps (a sampler's evaluation order) with <c>t_a</c> in Core's time.
/// </summary>
public static class ResidualProbe
{
    /// <summary>Rows per network call; the timesteps of one repetition are batched up to this size.</summary>
    private const int RowsPerCall = 8192;

    /// <param name="network">The noise predictor (eval mode is set).</param>
    /// <param name="data">The data the network was trained on.</param>
    /// <param name="timeline">The network's schedule.</param>
    /// <param name="timesteps">Timesteps to probe, in the order the residual file lists them.</param>
    /// <param name="options">Repetitions, batch, seed, residual kind, precision.</param>
    public static ResidualSet Run(NoisePredictor network, IDataset data, NetworkTimeline timeline, IReadOnlyList<int> timesteps, ResidualProbeOptions options)
    {
        options.Validate();
        if (options.Kind == ResidualKind.ExactScore && data is not GaussianDataset)
            throw new InvalidConfigurationException("residual", $"exact-score residuals need Gaussian data (the checkpoint was trained on {data.Name}); use observable residuals");
        network.eval();
        using var exact = data is GaussianDataset gaussian && options.Kind == ResidualKind.ExactScore
            ? new AffineScoreNetwork(new AffineScoreConfig(gaussian, timeline, new Dictionary<int, SpatialDirection>(), ScalarType.Float64))
            : null;
        return Run(data, timeline, timesteps, options, (states, t, noise) =>
        {
            using var noGrad = no_grad();
            var predicted = network.forward(states.to(options.Precision), t).to(ScalarType.Float64);
            return predicted - (exact is null ? noise : exact.forward(states.to(ScalarType.Float64), t));
        });
    }

    /// <summary>
    /// The probe for any "noise-like" field <paramref name="numerator"/>(x_t, t, eps) ([n, d] float64): the residual recorded is
    /// <c>-numerator / b_t</c>, the score scale. The network residuals use <c>eps_hat - eps</c> or <c>eps_hat - eps*</c>; the §9
    /// Jacobian route uses the directional derivative of <c>eps_hat</c> in parameter space.
    /// </summary>
    public static ResidualSet Run(IDataset data, NetworkTimeline timeline, IReadOnlyList<int> timesteps, ResidualProbeOptions options,
        Func<Tensor, Tensor, Tensor, Tensor> numerator)
    {
        options.Validate();
        NativeLoader.EnsureLoaded();
        if (timesteps.Count == 0) throw new ArgumentException("probe at least one timestep");
        foreach (var t in timesteps) Guard.InRange("timestep", t, 0, timeline.Length - 1);
        if (data.SampleShape.Length != 1)
            throw new InvalidConfigurationException("data", $"residual probing needs vector data; {data.Name} has examples of shape [{string.Join(", ", data.SampleShape)}]");
        int d = (int)data.SampleShape[0], m = timesteps.Count, b = options.Batch, reps = options.Repetitions;
        var states = new double[(long)reps * m * b * d];
        var residuals = new double[states.Length];
        var perCall = Math.Max(1, RowsPerCall / b);
        for (var r = 0; r < reps; r++)
        {
            using var repScope = NewDisposeScope();
            using var generator = new Generator((ulong)SeedStreams.Derive(options.Seed, r));
            var x0 = data.Sample(b, generator).to(ScalarType.Float64);
            var eps = randn([b, d], ScalarType.Float64, generator: generator);
            for (var first = 0; first < m; first += perCall)
            {
                using var scope = NewDisposeScope();
                var chunk = Enumerable.Range(first, Math.Min(perCall, m - first)).ToArray();
                var a = tensor(chunk.Select(c => timeline.MeanScale(timesteps[c])).ToArray(), ScalarType.Float64).repeat_interleave(b).unsqueeze(1);
                var noiseScale = tensor(chunk.Select(c => timeline.NoiseScale(timesteps[c])).ToArray(), ScalarType.Float64).repeat_interleave(b).unsqueeze(1);
                var t = tensor(chunk.Select(c => (long)timesteps[c]).ToArray()).repeat_interleave(b);
                var noise = eps.repeat(chunk.Length, 1);
                var xt = a * x0.repeat(chunk.Length, 1) + noiseScale * noise;
                var residual = -numerator(xt, t, noise) / noiseScale;
                var xs = xt.contiguous().data<double>().ToArray();
                var rs = residual.contiguous().data<double>().ToArray();
                for (var c = 0; c < chunk.Length; c++)
                {
                    var offset = ((long)(r * m + chunk[c]) * b) * d;
                    Array.Copy(xs, (long)c * b * d, states, offset, (long)b * d);
                    Array.Copy(rs, (long)c * b * d, residuals, offset, (long)b * d);
                }
            }
        }
        var times = timesteps.Select(timeline.TimeOf).ToArray();
        return new ResidualSet(times, reps, b, d, states, residuals);
    }
}

/// <summary>How <see cref="ResidualProbe"/> draws: R repetitions of B coupled pairs each, seeded; the residual kind; the precision the
/// network is evaluated in (its own: float32 for trained networks, float64 for analytic ones).</summary>
public sealed record ResidualProbeOptions(int Repetitions, int Batch, int Seed, ResidualKind Kind = ResidualKind.ExactScore, ScalarType Precision = ScalarType.Float32)
{
    public void Validate()
    {
        Guard.AtLeast("reps", Repetitions, 1);
        Guard.AtLeast("batch", Batch, 2, "the affine fit needs at least two pairs per repetition and time");
        Guard.AtLeast("seed", Seed, 0);
    }
}
