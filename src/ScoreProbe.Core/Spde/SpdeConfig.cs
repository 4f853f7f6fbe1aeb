using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Spde;

/// <summary>
/// Settings of the simplified SPDE model of paper 004 §5: du = [-div(u c grad log v_t) + Laplace u] dt - div(u o dW_Q)
/// on [-L, L]^d with u_0 = v_0 (c from <see cref="Form"/>). <see cref="NoiseAmplitude"/> is sigma of <see cref="FluxNoise"/>;
/// eq. (7)'s prefactor g^2 = 2 is absorbed in it. <see cref="HalfWidth"/> null means <see cref="HeatTarget.SuggestedHalfWidth"/>.
/// KL(u_t || v_t) is recorded at <see cref="RecordPoints"/> equally spaced times in [0, T]. <see cref="InitialShift"/> starts
/// u_0 = v_0( . - shift e_1) off the ideal path, to watch the contraction of Figure 1 pull it back;
/// <see cref="LimitStepByNoise"/> = false drops the noise part of the step-size rule so that only the positivity limiter
/// guards against large noise displacements (for testing the limiter). <see cref="FreezeTarget"/> replaces v_t by the fixed
/// v_T = p_0 (the quasi-static approximation of §5.1); with <see cref="SpdeDriftForm.GradientFlow"/> the deterministic part is
/// then exactly the Wasserstein gradient flow of KL(u || p_0), whose contraction rate is the log-Sobolev constant of p_0.
/// </summary>
public sealed record SpdeConfig(
    int Dim,
    int Cells,
    double NoiseAmplitude,
    int Realisations,
    int Seed,
    SpdeBoundary Boundary = SpdeBoundary.ZeroFlux,
    SpdeDriftForm Form = SpdeDriftForm.ReverseFokkerPlanck,
    int NoiseModes = 6,
    int RecordPoints = 101,
    double Courant = 0.4,
    double? HalfWidth = null,
    double InitialShift = 0.0,
    bool LimitStepByNoise = true,
    bool FreezeTarget = false)
{
    /// <summary>v_t; defaults to <see cref="HeatTarget.Bimodal"/> with T = 1.</summary>
    public HeatTarget Target { get; init; } = HeatTarget.Bimodal(Dim);

    /// <summary>Memory the solver may take for one ensemble (the realisations' results and every thread's work arrays).</summary>
    public const long MemoryBudgetBytes = 4L << 30;

    /// <summary>
    /// Throws <see cref="InvalidConfigurationException"/> naming the first invalid setting (engine names: <c>dim</c>,
    /// <c>cells</c>, <c>noise-amplitude</c>, <c>realisations</c>, <c>noise-modes</c>, <c>record-points</c>, <c>courant</c>,
    /// <c>half-width</c>, <c>initial-shift</c>), or an estimate of the memory over <see cref="MemoryBudgetBytes"/>.
    /// The step and work budgets need the grid and are checked by <see cref="StochasticFiniteVolumeSolver"/>.
    /// </summary>
    public void Validate()
    {
        Guard.InRange("dim", Dim, 1, 2, "the finite-volume solver is 1-D or 2-D");
        Guard.AtLeast("cells", Cells, 4, "the solver needs at least 4 cells per axis");
        Guard.NonNegative("noise-amplitude", NoiseAmplitude);
        Guard.AtLeast("realisations", Realisations, 1);
        Guard.AtLeast("noise-modes", NoiseModes, 1);
        Guard.AtLeast("record-points", RecordPoints, 3);
        if (!(Courant > 0 && Courant <= 0.5)) throw new InvalidConfigurationException("courant", $"must lie in (0, 0.5] (got {Guard.Show(Courant)})");
        if (HalfWidth is { } l) Guard.Positive("half-width", l);
        Guard.Finite("initial-shift", InitialShift);
        if (Target.Dim != Dim) throw new InvalidConfigurationException("dim", $"is {Dim} but the target has dimension {Target.Dim}");
        CheckMemory();
    }

    /// <summary>
    /// Refuses a config over <see cref="MemoryBudgetBytes"/>, blaming the setting whose reduction to its smallest value
    /// would free the most memory (several settings multiply: 16 realisations of 2^31 cells is the cells' fault).
    /// </summary>
    private void CheckMemory()
    {
        var total = MemoryBytes();
        if (total <= MemoryBudgetBytes) return;
        var (parameter, value, fix) = new[]
        {
            ("realisations", Realisations, this with { Realisations = 1 }, "use fewer realisations"),
            ("cells", Cells, this with { Cells = 4 }, "use fewer cells per axis"),
            ("noise-modes", NoiseModes, this with { NoiseModes = 1 }, "use fewer noise modes"),
            ("record-points", RecordPoints, this with { RecordPoints = 3 }, "record KL at fewer times"),
        }.MinBy(c => c.Item3.MemoryBytes()) is var (p, v, _, f) ? (p, v, f) : default;
        throw new InvalidConfigurationException(parameter,
            $"{value} needs about {total / (1 << 30):G3} GiB of memory, over the {MemoryBudgetBytes >> 30} GiB budget of the SPDE solver; {fix}");
    }

    /// <summary>
    /// Per realisation its KL curve and final density; per worker thread the solver's cell and face arrays; once the noise
    /// modes at faces and centres (and the K x K mode weights in 2-D).
    /// </summary>
    private double MemoryBytes()
    {
        var cellCount = Math.Pow(Cells, Dim);
        double threads = Math.Min(Realisations, Environment.ProcessorCount);
        return 8.0 * Realisations * (cellCount + RecordPoints)
            + 8.0 * RecordPoints * (Realisations + 1)
            + 8.0 * cellCount * threads * (4 + 4 * Dim)
            + 8.0 * NoiseModes * (2.0 * Cells + (Dim == 2 ? NoiseModes : 1));
    }
}
