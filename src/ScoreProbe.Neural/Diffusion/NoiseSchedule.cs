using ScoreProbe.Core.Schedules;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// A discrete DDPM noise schedule: <c>beta_t</c>, <c>alpha_t = 1 - beta_t</c>, <c>alphabar_t = prod_{s &lt;= t} alpha_s</c>
/// for t = 0..T-1 (diffusers indexing), so that <c>x_t = sqrt(alphabar_t) x_0 + sqrt(1 - alphabar_t) eps</c>.
/// ScoreProbe's own schedules are exact in double precision; schedules read from a diffusers scheduler config hold
/// diffusers' float32 constants and set <see cref="Float32"/>, so that the schedulers repeat diffusers' float32
/// arithmetic operation by operation.
/// </summary>
public sealed class NoiseSchedule
{
    public NoiseSchedule(IReadOnlyList<double> betas, BetaSchedule kind)
        : this(betas, CumulativeProduct(betas), kind, float32: false)
    {
    }

    /// <summary>A schedule with given <c>alphabar</c> values (diffusers' float32 tensor when <paramref name="float32"/>).</summary>
    public NoiseSchedule(IReadOnlyList<double> betas, IReadOnlyList<double> alphasCumprod, BetaSchedule kind, bool float32)
    {
        if (betas.Count < 2 || betas.Count != alphasCumprod.Count)
            throw new Core.InvalidConfigurationException("betas", $"need at least two betas and one alphabar each (got {betas.Count} and {alphasCumprod.Count})");
        for (var t = 0; t < betas.Count; t++)
            if (!(betas[t] > 0 && betas[t] <= 1) || !(alphasCumprod[t] >= 0 && alphasCumprod[t] < 1))
                throw new Core.InvalidConfigurationException("betas",
                    $"entry {t}: beta {betas[t]} must lie in (0, 1] and alphabar {alphasCumprod[t]} in [0, 1)");
        Kind = kind;
        Float32 = float32;
        Betas = betas.ToArray();
        AlphasCumprod = alphasCumprod.ToArray();
    }

    /// <summary>diffusers' default: 1000 linear betas from 1e-4 to 0.02.</summary>
    public static NoiseSchedule Default { get; } = Linear();

    /// <summary>The beta formulas are Core's (<see cref="DiscreteDdpmSchedule.ComputeBetas"/>), kept in double here.</summary>
    public static NoiseSchedule Linear(int timesteps = 1000, double betaStart = 1e-4, double betaEnd = 0.02) =>
        new(DiscreteDdpmSchedule.ComputeBetas(timesteps, betaStart, betaEnd, "linear"), BetaSchedule.Linear);

    public static NoiseSchedule SquaredCosCapV2(int timesteps = 1000) =>
        new(DiscreteDdpmSchedule.ComputeBetas(timesteps, 0, 0, "squaredcos_cap_v2"), BetaSchedule.SquaredCosCapV2);

    /// <summary>ScoreProbe's training schedules: linear (default) or cosine, in double precision.</summary>
    public static NoiseSchedule Create(BetaSchedule kind, int timesteps = 1000) => kind switch
    {
        BetaSchedule.SquaredCosCapV2 => SquaredCosCapV2(timesteps),
        BetaSchedule.Linear => Linear(timesteps),
        _ => throw new Core.InvalidConfigurationException("beta-schedule", $"{kind} is read from diffusers scheduler configs only; train with linear or cosine"),
    };

    public BetaSchedule Kind { get; }

    /// <summary>True when the constants are diffusers' float32 values and the schedulers round every operation to float32 as diffusers does.</summary>
    public bool Float32 { get; }

    public IReadOnlyList<double> Betas { get; }

    public IReadOnlyList<double> AlphasCumprod { get; }

    /// <summary>Number of training timesteps T.</summary>
    public int Length => Betas.Count;

    /// <summary>
    /// diffusers' "leading" spacing for <paramref name="inferenceSteps"/> steps: <c>k * (T / n)</c> for k = n-1 .. 0
    /// (integer division, steps_offset 0), in the order the sampler visits them.
    /// </summary>
    public IReadOnlyList<int> LeadingTimesteps(int inferenceSteps) => TimestepSpacing.Leading.Timesteps(Length, inferenceSteps, 0);

    /// <summary><c>alphabar</c> at a timestep, 1 for t &lt; 0 (the "previous" of the last step).</summary>
    public double AlphaBarOrOne(int timestep) => timestep >= 0 ? AlphasCumprod[timestep] : 1.0;

    /// <summary>Rounds to float32 when the schedule follows diffusers' float32 arithmetic (exact for one +, -, *, / or sqrt).</summary>
    public double Round(double value) => Float32 ? (float)value : value;

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

    private static double[] CumulativeProduct(IReadOnlyList<double> betas)
    {
        var cumulative = new double[betas.Count];
        var product = 1.0;
        for (var t = 0; t < betas.Count; t++) cumulative[t] = product *= 1 - betas[t];
        return cumulative;
    }
}
