namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Per-time error magnitudes at grid time t_a: the raw residual scale and the fitted coefficients' first and second moments
/// (means over repetitions; variances from the covariance estimate's diagonal blocks).
/// </summary>
/// <param name="Time">t_a.</param>
/// <param name="ResidualRms">sqrt of the mean of ||R||^2 over repetitions and draws.</param>
/// <param name="ShiftMeanNorm">||mean_r delta_hat_a||.</param>
/// <param name="ShiftVariance">tr Sigma^delta_aa.</param>
/// <param name="DeltaMeanNorm">||mean_r Delta_hat_a||_F (over the fitted entries).</param>
/// <param name="DeltaVariance">tr Sigma^Delta_aa.</param>
public sealed record TimeMarginals(double Time, double ResidualRms, double ShiftMeanNorm, double ShiftVariance, double DeltaMeanNorm, double DeltaVariance);
