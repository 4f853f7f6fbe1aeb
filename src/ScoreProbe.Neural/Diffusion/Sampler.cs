using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>Result of <see cref="Sampler.Sample"/>: final samples in model space and the states captured on the way.</summary>
/// <param name="Samples"><c>x_0</c>, <c>[N, ...]</c>, model space ([-1, 1] for images).</param>
/// <param name="Trajectory">
/// For every requested timestep t that the sampler visits, <c>x_t</c>: the state the network is evaluated at in the
/// step from t (before that step is applied).
/// </param>
public sealed record SampleResult(Tensor Samples, IReadOnlyDictionary<int, Tensor> Trajectory) : IDisposable
{
    /// <summary>Samples mapped to [0, 1] as diffusers' DDPMPipeline does.</summary>
    public Tensor ToImages() => Data.ImageTransforms.ToUnitRange(Samples);

    public void Dispose()
    {
        Samples.Dispose();
        foreach (var state in Trajectory.Values) state.Dispose();
    }
}

/// <summary>
/// The DDPMPipeline loop: <c>x_T ~ N(0, I)</c> from a seeded generator, then for each scheduled t:
/// <c>x = scheduler.Step(model(x, t), t, x)</c>. Runs under <c>no_grad</c>, in batches.
/// </summary>
public sealed class Sampler(IDiffusionScheduler scheduler)
{
    public IDiffusionScheduler Scheduler { get; } = scheduler;

    /// <param name="model">The noise predictor (switched to eval mode).</param>
    /// <param name="count">Number of samples.</param>
    /// <param name="inferenceSteps">Number of reverse steps; T for full DDPM.</param>
    /// <param name="seed">Seeds the generator for the initial noise and every step's noise.</param>
    /// <param name="captureAt">Timesteps whose <c>x_t</c> to keep (see <see cref="SampleResult.Trajectory"/>).</param>
    /// <param name="batchSize">Samples per forward pass.</param>
    /// <param name="progress">Called with (finished steps, total steps) over all batches.</param>
    /// <param name="initialNoise">
    /// x_T for every sample (<c>[count, ...]</c>, float32) instead of draws from the seeded generator; with DDIM at
    /// eta = 0 the samples are then a function of the weights and this noise alone.
    /// </param>
    public SampleResult Sample(NoisePredictor model, int count, int inferenceSteps, ulong seed,
        IReadOnlyCollection<int>? captureAt = null, int batchSize = 256, Action<int, int>? progress = null, Tensor? initialNoise = null)
    {
        if (initialNoise is not null && !initialNoise.shape.SequenceEqual([count, .. model.Config.SampleShape]))
            throw new Core.InvalidConfigurationException("init-noise",
                $"has shape [{string.Join(", ", initialNoise.shape)}]; the model needs [{count}, {string.Join(", ", model.Config.SampleShape)}]");
        NativeLoader.EnsureLoaded();
        var timesteps = Scheduler.Timesteps(inferenceSteps);
        var capture = new HashSet<int>(captureAt ?? []);
        var batches = (count + batchSize - 1) / batchSize;
        var finals = new List<Tensor>();
        var captured = timesteps.Where(capture.Contains).ToDictionary(t => t, _ => new List<Tensor>());
        model.eval();
        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        for (var b = 0; b < batches; b++)
        {
            var n = Math.Min(batchSize, count - b * batchSize);
            var x = initialNoise is null
                ? randn([n, .. model.Config.SampleShape], generator: generator)
                : initialNoise.narrow(0, b * batchSize, n).to(ScalarType.Float32).clone();
            for (var k = 0; k < timesteps.Count; k++)
            {
                var t = timesteps[k];
                if (captured.TryGetValue(t, out var states)) states.Add(x.clone());
                using var scope = NewDisposeScope();
                using var tensorT = full([n], t, ScalarType.Int64);
                var next = Scheduler.Step(model.forward(x, tensorT), t, x, inferenceSteps, generator).MoveToOuterDisposeScope();
                x.Dispose();
                x = next;
                progress?.Invoke(b * timesteps.Count + k + 1, batches * timesteps.Count);
            }
            finals.Add(x);
        }
        var samples = Concatenate(finals);
        return new SampleResult(samples, captured.ToDictionary(kv => kv.Key, kv => Concatenate(kv.Value)));
    }

    private static Tensor Concatenate(List<Tensor> parts)
    {
        if (parts.Count == 1) return parts[0];
        var joined = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return joined;
    }
}
