using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// The result of <see cref="ResidualCovarianceAnalysis"/>: the covariance estimate (after optional PSD projection), what the
/// projection removed, per-time marginals, bootstrap intervals of named scalar functionals, and the predicted error when
/// a kernel contraction was supplied.
/// </summary>
public sealed record CovarianceAnalysis(
    CoefficientSamples Samples,
    CoefficientCovariance Covariance,
    double NegativeEigenvalueMassBeforeProjection,
    IReadOnlyList<TimeMarginals> PerTime,
    IReadOnlyDictionary<string, BootstrapInterval> Functionals,
    double? PredictedError,
    BootstrapInterval? PredictedErrorInterval);
