using ScoreProbe.Core.Samplers;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// Samples a noise-prediction network with a <see cref="SamplerPlan"/>. ddpm and ddim are diffusers' schedulers
/// (<see cref="DdpmScheduler"/>, <see cref="DdimScheduler"/> with eta = 0, no x0 clipping: vector data are unbounded; ddim visits the
/// plan's timestep list, for leading plans the same as its own spacing); the other
/// samplers are Core's steps on <see cref="TensorState"/> with the score <c>-eps_hat / b</c> at the stage's timestep and
/// <c>NoiseStd * z</c> added per step. The initial noise and every step's noise come from one generator seeded by
/// the seed and nothing else, so two networks sampled with one seed see the same noise (common random numbers).
/// </summary>
public static class NetworkSampling
{
    /// <summary>N samples <c>[count, d]</c> in float32, and the states the network was evaluated at for the timesteps in <paramref name="captureAt"/>.</summary>
    public static SampleResult Sample(NoisePredictor network, SamplerPlan plan, int count, ulong seed, IReadOnlyCollection<int>? captureAt = null)
    {
        NativeLoader.EnsureLoaded();
        if (plan.IsDiffusersScheduler)
        {
            IDiffusionScheduler scheduler = plan.Name == "ddpm"
                ? new DdpmScheduler(plan.Timeline.Schedule, clipSample: false)
                : new DdimScheduler(plan.Timeline.Schedule, clipSample: false).WithTimesteps(plan.Timesteps);
            return new Sampler(scheduler).Sample(network, count, plan.Steps, seed, captureAt, batchSize: count);
        }
        return CoreSteps(network, plan, count, seed, captureAt ?? []);
    }

    internal static SampleResult CoreSteps(NoisePredictor network, SamplerPlan plan, int count, ulong seed, IReadOnlyCollection<int> captureAt)
    {
        network.eval();
        using var generator = new Generator(seed);
        using var noGrad = no_grad();
        var schedule = plan.Timeline.Continuous;
        var captured = new Dictionary<int, Tensor>();
        var x = randn([count, .. network.Config.SampleShape], generator: generator);
        for (var k = plan.Grid.Steps - 1; k >= 0; k--)
        {
            using var scope = NewDisposeScope();
            var step = new StepContext(schedule, plan.Grid[k + 1], plan.Grid[k]);
            var from = plan.Timeline.TimestepOf(step.From);
            if (captureAt.Contains(from)) captured[from] = x.clone().MoveToOuterDisposeScope();
            var stages = plan.Sampler.StageTimes(step);
            var next = plan.Sampler.Step(new TensorState(x), step, (state, stage) => Score(network, plan.Timeline, state, plan.Timeline.TimestepOf(stages[stage]))).Value;
            var noise = plan.Sampler.NoiseStd(step);
            if (noise > 0) next = next + noise * randn(x.shape, generator: generator);
            x.Dispose();
            x = next.MoveToOuterDisposeScope();
        }
        return new SampleResult(x, captured);
    }

    /// <summary><c>s_hat(x) = -eps_hat(x, i) / b_i</c>, the network's score at timestep i.</summary>
    public static TensorState Score(NoisePredictor network, NetworkTimeline timeline, TensorState state, int timestep)
    {
        using var t = full([state.Value.shape[0]], timestep, ScalarType.Int64);
        return new TensorState(network.forward(state.Value, t) * (-1 / timeline.NoiseScale(timestep)));
    }
}
