using ScoreProbe.Core;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Targets;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Diffusion;

namespace ScoreProbe.Neural.Probing;

/// <summary>
/// One sampler with a step count on a network's discrete schedule, and the Core problem that is its exact affine-Gaussian
/// model. The sampler visits diffusers' "leading" timesteps <c>k (N / steps)</c>, k = steps-1..0 (<see cref="Create"/>), or an
/// explicit list (<see cref="FromTimesteps"/>, <see cref="Trailing"/>). ddpm and ddim are diffusers'
/// schedulers (their last step lands on clean data, t = 0); em, pf-euler and exp-integrator evaluate the score at t_{k+1} only and
/// run on the same grid; heun and rk4 also evaluate at t_k (rk4 at midpoints too), where the network has no timestep at t = 0, so
/// their grid ends at timestep 0 and rk4 needs an even stride (its midpoints must be timesteps).
/// </summary>
public sealed class SamplerPlan
{
    public static readonly IReadOnlyList<string> Names = ["ddpm", "ddim", "em", "pf-euler", "exp-integrator", "heun", "rk4"];

    private SamplerPlan(string name, int steps, IReadOnlyList<int> timesteps, TimeGrid grid, IReverseSampler sampler, NetworkTimeline timeline)
    {
        Name = name;
        Steps = steps;
        Timesteps = timesteps;
        Grid = grid;
        Sampler = sampler;
        Timeline = timeline;
    }

    public string Name { get; }

    /// <summary>Number of timesteps the sampler visits (diffusers' <c>num_inference_steps</c>).</summary>
    public int Steps { get; }

    /// <summary>The visited timesteps, first (noisiest) first.</summary>
    public IReadOnlyList<int> Timesteps { get; }

    public TimeGrid Grid { get; }

    /// <summary>The Core sampler: the exact model of the network sampler (ddpm, ddim) or the sampler itself (the others).</summary>
    public IReverseSampler Sampler { get; }

    public NetworkTimeline Timeline { get; }

    /// <summary>Whether the network sampler is one of diffusers' schedulers rather than a Core sampler run on tensors.</summary>
    public bool IsDiffusersScheduler => Name is "ddpm" or "ddim";

    /// <param name="name">One of <see cref="Names"/>.</param>
    /// <param name="steps">Visited timesteps, 1..N (2..N for heun and rk4).</param>
    /// <param name="timeline">The network's schedule.</param>
    public static SamplerPlan Create(string name, int steps, NetworkTimeline timeline)
    {
        Guard.OneOf("sampler", name, Names);
        var n = timeline.Length;
        var multiStage = name is "heun" or "rk4";
        Guard.InRange("steps", steps, multiStage ? 2 : 1, n, $"the network's schedule has {n} timesteps");
        var stride = n / steps;
        if (name == "rk4" && stride % 2 != 0)
            throw new InvalidConfigurationException("steps", $"gives a stride of {stride} timesteps; rk4 evaluates at midpoints, which must be timesteps: choose steps with an even N/steps (N = {n})");
        var timesteps = Enumerable.Range(0, steps).Select(k => k * stride).Reverse().ToArray();
        return Build(name, timesteps, timeline, "leading");
    }

    /// <summary>Samplers that visit an explicit timestep list: those whose last step lands on clean data and that evaluate the score at grid times only.</summary>
    public static readonly IReadOnlyList<string> CustomListSamplers = ["ddim", "em", "pf-euler", "exp-integrator"];

    /// <summary>
    /// The sampler visiting an explicit list of timesteps (strictly descending, in [0, N-1]; <see cref="CustomTimesteps"/>), the step
    /// from each entry landing on the next and the last on clean data. Only <see cref="CustomListSamplers"/> take one: ddpm's
    /// scheduler here follows the spacing, and heun and rk4 evaluate between the listed timesteps.
    /// </summary>
    /// <param name="name">One of <see cref="CustomListSamplers"/>.</param>
    /// <param name="timesteps">The visited timesteps, first (noisiest) first.</param>
    /// <param name="timeline">The network's schedule.</param>
    /// <param name="kind">Name of the list in records (trailing, designed, custom).</param>
    public static SamplerPlan FromTimesteps(string name, IReadOnlyList<int> timesteps, NetworkTimeline timeline, string kind = "custom")
    {
        Guard.OneOf("sampler", name, Names);
        if (!CustomListSamplers.Contains(name))
            throw new InvalidConfigurationException("sampler", $"'{name}' cannot visit a custom timestep list; use one of {string.Join(", ", CustomListSamplers)}");
        return Build(name, CustomTimesteps.Validate(timesteps, timeline.Length), timeline, kind);
    }

    /// <summary>diffusers' 'trailing' spacing <c>round(N - k N/steps) - 1</c>, k = 0..steps-1, which starts at timestep N - 1.</summary>
    public static SamplerPlan Trailing(string name, int steps, NetworkTimeline timeline)
    {
        Guard.InRange("steps", steps, 1, timeline.Length, $"the network's schedule has {timeline.Length} timesteps");
        return FromTimesteps(name, TimestepSpacing.Trailing.Timesteps(timeline.Length, steps, 0), timeline, "trailing");
    }

    private static SamplerPlan Build(string name, IReadOnlyList<int> timesteps, NetworkTimeline timeline, string kind)
    {
        var times = timesteps.Reverse().Select(timeline.TimeOf).ToArray();
        var grid = name is "heun" or "rk4" ? TimeGrid.Custom(times, kind) : TimeGrid.EndingAtData(times, kind);
        return new SamplerPlan(name, timesteps.Count, timesteps.ToArray(), grid, SamplerCatalog.Create(name), timeline);
    }

    /// <summary>The visited timesteps in the comma form <c>--timesteps</c> reads.</summary>
    public string TimestepList => CustomTimesteps.Format(Timesteps);

    /// <summary>The Core problem for data <c>N(mu, C)</c>, proxy prior N(0, I) at the first visited timestep.</summary>
    public ReverseProblem Problem(GaussianTarget target) => new(target, Timeline.Continuous, Grid, Sampler);

    /// <summary>The timestep of each evaluation time of <paramref name="problem"/>, in the problem's evaluation order.</summary>
    public int[] EvaluationTimesteps(ReverseProblem problem) => problem.EvaluationTimes.Select(Timeline.TimestepOf).ToArray();
}
