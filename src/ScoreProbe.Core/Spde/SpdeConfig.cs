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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Dim is not (1 or 2)) throw new ArgumentException($"dim must be 1 or 2 (got {Dim}).");
        if (Cells < 4) throw new ArgumentException($"cells must be >= 4 (got {Cells}).");
        if (!(NoiseAmplitude >= 0) || double.IsInfinity(NoiseAmplitude)) throw new ArgumentException($"noise amplitude must be finite and >= 0 (got {NoiseAmplitude}).");
        if (Realisations < 1) throw new ArgumentException($"realisations must be >= 1 (got {Realisations}).");
        if (NoiseModes < 1) throw new ArgumentException($"noise modes must be >= 1 (got {NoiseModes}).");
        if (RecordPoints < 3) throw new ArgumentException($"record points must be >= 3 (got {RecordPoints}).");
        if (!(Courant > 0 && Courant <= 0.5)) throw new ArgumentException($"the Courant factor must lie in (0, 0.5] (got {Courant}).");
        if (HalfWidth is { } l && !(l > 0)) throw new ArgumentException($"the half-width must be positive (got {l}).");
        if (!double.IsFinite(InitialShift)) throw new ArgumentException($"the initial shift must be finite (got {InitialShift}).");
        if (Target.Dim != Dim) throw new ArgumentException($"the target has dimension {Target.Dim}, the grid {Dim}.");
    }
}
