using ScoreProbe.Core.Schedules;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// A discrete DDPM noise schedule in double precision: <c>beta_t</c>, <c>alpha_t = 1 - beta_t</c>,
/// <c>alphabar_t = prod_{s &lt;= t} alpha_s</c> for t = 0..T-1 (diffusers indexing), so that
/// <c>x_t = sqrt(alphabar_t) x_0 + sqrt(1 - alphabar_t) eps</c>.
/// </summary>
public sealed class NoiseSchedule
{
    public NoiseSchedule(IReadOnlyList<double> betas, BetaSchedule kind)
    {
        if (betas.Count < 2 || betas.Any(b => !(b > 0 && b < 1))) throw new ArgumentException("betas must lie in (0, 1), at least two of them");
        Kind = kind;
        Betas = betas.ToArray();
        var cumulative = new double[betas.Count];
        var product = 1.0;
        for (var t = 0; t < betas.Count; t++) cumulative[t] = product *= 1 - betas[t];
        AlphasCumprod = cumulative;
    }

    /// <summary>diffusers' default: 1000 linear betas from 1e-4 to 0.02.</summary>
    public static NoiseSchedule Default { get; } = Linear();

    /// <summary>The beta formulas are Core's (<see cref="DiscreteDdpmSchedule.ComputeBetas"/>), kept in double here.</summary>
    public static NoiseSchedule Linear(int timesteps = 1000, double betaStart = 1e-4, double betaEnd = 0.02) =>
        new(DiscreteDdpmSchedule.ComputeBetas(timesteps, betaStart, betaEnd, "linear"), BetaSchedule.Linear);

    public static NoiseSchedule SquaredCosCapV2(int timesteps = 1000) =>
        new(DiscreteDdpmSchedule.ComputeBetas(timesteps, 0, 0, "squaredcos_cap_v2"), BetaSchedule.SquaredCosCapV2);

    public static NoiseSchedule Create(BetaSchedule kind, int timesteps = 1000) => kind switch
    {
        BetaSchedule.SquaredCosCapV2 => SquaredCosCapV2(timesteps),
        _ => Linear(timesteps),
    };

    public BetaSchedule Kind { get; }

    public IReadOnlyList<double> Betas { get; }

    public IReadOnlyList<double> AlphasCumprod { get; }

    /// <summary>Number of training timesteps T.</summary>
    public int Length => Betas.Count;

    /// <summary>
    /// diffusers' "leading" spacing for <paramref name="inferenceSteps"/> steps: <c>k * (T / n)</c> for k = n-1 .. 0
    /// (integer division, steps_offset 0), in the order the sampler visits them.
    /// </summary>
    public IReadOnlyList<int> LeadingTimesteps(int inferenceSteps)
    {
        if (inferenceSteps < 1 || inferenceSteps > Length)
            throw new ArgumentOutOfRangeException(nameof(inferenceSteps), $"inference steps must be in 1..{Length} (got {inferenceSteps})");
        var stride = Length / inferenceSteps;
        return Enumerable.Range(0, inferenceSteps).Select(k => k * stride).Reverse().ToArray();
    }

    /// <summary><c>alphabar</c> at a timestep, 1 for t &lt; 0 (the "previous" of the last step).</summary>
    public double AlphaBarOrOne(int timestep) => timestep >= 0 ? AlphasCumprod[timestep] : 1.0;

    /// <summary>Forward noising <c>sqrt(alphabar_t) x0 + sqrt(1 - alphabar_t) noise</c> with one t per row.</summary>
    public Tensor AddNoise(Tensor original, Tensor noise, Tensor timesteps)
    {
        using var scope = NewDisposeScope();
        var alphaBar = tensor(AlphasCumprod.Select(v => (float)v).ToArray()).index_select(0, timesteps.to(ScalarType.Int64));
        var shape = new long[original.dim()];
        Array.Fill(shape, 1L);
        shape[0] = -1;
        var a = alphaBar.sqrt().view(shape);
        var b = alphaBar.neg().add_(1).sqrt_().view(shape);
        return (a * original + b * noise).MoveToOuterDisposeScope();
    }
}
