namespace ScoreProbe.Core.Schedules;

/// <summary>
/// The discrete DDPM schedule exactly as diffusers' <c>DDPMScheduler</c> builds it ("linear": betas evenly spaced from
/// beta_start to beta_end over N steps; "squaredcos_cap_v2": betas from the cosine alphabar, capped at 0.999),
/// <c>alphabar_i = prod_{j &lt;= i} (1 - beta_j)</c>. diffusers forms the betas in float32; we do the same, then work in double.
/// Embedded in continuous time so that the continuous engine applies: diffusers timestep i sits at t = (i + 1)/N,
/// t = 0 is clean data, and log alphabar is linear between nodes (beta(t) = -N log(1 - beta_i) on (i/N, (i+1)/N]).
/// </summary>
public sealed class DiscreteDdpmSchedule : VariancePreservingSchedule
{
    private readonly double[] _logAlphaBarAtNode; // node n = 0..N at t = n/N

    /// <param name="steps">Number of training timesteps N.</param>
    /// <param name="betaStart">First linear beta.</param>
    /// <param name="betaEnd">Last linear beta.</param>
    /// <param name="betaSchedule">linear or squaredcos_cap_v2.</param>
    /// <param name="float32Betas">Round the betas to float32 as diffusers does (default); false keeps them in double.</param>
    public DiscreteDdpmSchedule(int steps = 1000, double betaStart = 1e-4, double betaEnd = 0.02, string betaSchedule = "linear", bool float32Betas = true)
    {
        if (steps < 2) throw new InvalidConfigurationException($"ddpm needs at least 2 training steps (got {steps})");
        BetaSchedule = betaSchedule;
        Betas = ComputeBetas(steps, betaStart, betaEnd, betaSchedule).Select(b => float32Betas ? (float)b : b).ToArray();
        _logAlphaBarAtNode = new double[steps + 1];
        for (var i = 0; i < steps; i++) _logAlphaBarAtNode[i + 1] = _logAlphaBarAtNode[i] + Math.Log(1 - Betas[i]);
        AlphasCumprod = _logAlphaBarAtNode.Skip(1).Select(Math.Exp).ToArray();
    }

    public string BetaSchedule { get; }

    /// <summary>beta_i, i = 0..N-1, as diffusers has them (float32 values held in double).</summary>
    public IReadOnlyList<double> Betas { get; }

    /// <summary>alphabar_i = prod_{j &lt;= i} (1 - beta_j), i = 0..N-1 (diffusers' <c>alphas_cumprod</c>).</summary>
    public IReadOnlyList<double> AlphasCumprod { get; }

    public int TrainSteps => Betas.Count;
    public override string Name => BetaSchedule == "linear" ? "ddpm" : "ddpm-cosine";

    /// <summary>Continuous time of diffusers timestep i.</summary>
    public double TimeOfStep(int i) => (i + 1.0) / TrainSteps;

    public override double Beta(double t)
    {
        var i = Math.Clamp((int)Math.Ceiling(t * TrainSteps) - 1, 0, TrainSteps - 1);
        return -TrainSteps * Math.Log(1 - Betas[i]);
    }

    /// <summary>beta is constant on every interval between nodes; at a node this is the derivative inside the interval <see cref="Beta"/> reads.</summary>
    public override double BetaDerivative(double t) => 0.0;

    public override double LogAlphaBar(double t)
    {
        var x = Math.Clamp(t, 0, 1) * TrainSteps;
        var n = Math.Min((int)Math.Floor(x), TrainSteps - 1);
        return _logAlphaBarAtNode[n] + (x - n) * (_logAlphaBarAtNode[n + 1] - _logAlphaBarAtNode[n]);
    }

    /// <summary>
    /// diffusers' beta formulas: linear <c>beta_i = beta_start + (beta_end - beta_start) i/(N-1)</c>; squaredcos_cap_v2
    /// <c>beta_i = min(1 - alphabar((i+1)/N)/alphabar(i/N), 0.999)</c>, <c>alphabar(u) = cos^2((u + 0.008)/1.008 pi/2)</c>.
    /// </summary>
    public static double[] ComputeBetas(int steps, double betaStart, double betaEnd, string betaSchedule)
    {
        static double AlphaBar(double u) => Math.Pow(Math.Cos((u + 0.008) / 1.008 * Math.PI / 2), 2);
        return betaSchedule switch
        {
            "linear" => Enumerable.Range(0, steps).Select(i => betaStart + (betaEnd - betaStart) * i / (steps - 1)).ToArray(),
            "squaredcos_cap_v2" => Enumerable.Range(0, steps)
                .Select(i => Math.Min(1 - AlphaBar((i + 1.0) / steps) / AlphaBar((double)i / steps), 0.999)).ToArray(),
            _ => throw new InvalidConfigurationException($"unknown DDPM beta schedule '{betaSchedule}'; use linear or squaredcos_cap_v2"),
        };
    }
}
