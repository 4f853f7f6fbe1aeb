using ScoreProbe.Core.Metrics;

namespace ScoreProbe.Neural.Probing;

/// <summary>One point of the predicted curve at grid index K (time T): the parts of the non-centred expansion.</summary>
/// <param name="K">Grid index.</param>
/// <param name="T">Core time of the grid index.</param>
/// <param name="E0">Truncation term.</param>
/// <param name="Edisc">Discretisation term of the exact-score sampler.</param>
/// <param name="SystematicFirst"><c>&lt;grad F*, y1(mean)&gt;</c>.</param>
/// <param name="SystematicSecond">Second-order terms of the mean error.</param>
/// <param name="Q">Centred kernel of the across-ensemble covariance (0 for one network).</param>
/// <param name="FittingNoiseBias">Kernel of the fitting noise left in the mean coefficients, subtracted from the prediction.</param>
/// <param name="Predicted">E0 + Edisc + SystematicFirst + SystematicSecond + Q - FittingNoiseBias.</param>
public sealed record CurvePoint(int K, double T, double E0, double Edisc, double SystematicFirst, double SystematicSecond, double Q,
    double FittingNoiseBias, double Predicted);

/// <summary>Per evaluation time (in the sampler's order): the ensemble's systematic error, the fitting noise of one fit, the
/// across-ensemble variance (training randomness; null for one network, which has no spread over training) and the affine fit
/// quality.</summary>
public sealed record TimeDiagnostics(int Timestep, double T, double SystematicDeltaNorm, double SystematicShiftNorm, double FittingNoise,
    double? EnsembleVariance, double AffineR2);

/// <summary>One network of the ensemble: its own prediction (systematic error only), its affine surrogate's exact W2^2 and what was measured.</summary>
public sealed record MemberResult(string Name, double Predicted, double Surrogate, GaussianFitEstimate? Measured = null, GaussianFitEstimate? MeasuredPlain = null,
    double? SinkhornW2 = null);

/// <summary>
/// The prediction for one sampler and step count from M probed networks: <see cref="Predicted"/> is
/// <c>E0 + Edisc + SystematicFirst + SystematicSecond + Q - FittingNoiseBias</c> at the final step, the expected W2^2 of a network
/// drawn from the training randomness (M = 1: of that network); <see cref="PredictedCi95"/> a percentile bootstrap over members
/// (M &gt;= 2) or repetitions (M = 1). <see cref="Surrogate"/> is the mean over members of the exact W2^2 of each member's affine
/// surrogate (its fitted score propagated exactly, no expansion, fitting noise not removed).
/// </summary>
public sealed record SamplerPrediction(string Sampler, int Steps, int Members, double Predicted, double[] PredictedCi95, double Surrogate,
    double E0, double Edisc, double SystematicFirst, double SystematicSecond, double Q, double FittingNoiseBias,
    IReadOnlyList<CurvePoint> Curve, IReadOnlyList<TimeDiagnostics> PerTime, IReadOnlyList<MemberResult> MemberResults)
{
    /// <summary>The prediction before the fitting-noise correction: what the surrogate matches to second order.</summary>
    public double PredictedUncorrected => Predicted + FittingNoiseBias;
}

/// <summary>
/// What the networks' own samples gave: <see cref="Measured"/> is the mean over members of the bias-corrected W2^2 between the data
/// Gaussian and the Gaussian fit of N samples (with the surrogate as control variate when <see cref="ControlVariate"/>);
/// <see cref="MeasuredCi95"/> is a bootstrap over members (M &gt;= 2, training randomness included) or over samples (M = 1).
/// <see cref="MeasuredPlain"/> is the same without the control variate.
/// </summary>
public sealed record SamplerMeasurement(int Samples, bool ControlVariate, double Measured, double[] MeasuredCi95, double MeasuredPlain, double[] MeasuredPlainCi95,
    double? SinkhornW2, double? SinkhornFloor, IReadOnlyList<double>? PathAffineR2);
