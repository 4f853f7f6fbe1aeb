namespace ScoreProbe.Core.Estimation;

/// <summary>
/// How <see cref="ResidualCovarianceAnalysis"/> turns residuals into a time-time covariance estimate.
/// <see cref="PredictedError"/> is the extension point for the kernel contraction Q = sum_ab &lt;K[a, b], Sigma_ab&gt; of
/// paper 000 §7: when given, it is evaluated on the estimate and bootstrapped; when null no prediction is reported.
/// </summary>
/// <param name="Structure">Time-time covariance model.</param>
/// <param name="Ridge">lambda of the affine fit (&gt;= 0).</param>
/// <param name="DiagonalDelta">Fit a diagonal Delta.</param>
/// <param name="Bandwidth">Banded model: fixed w, or null to choose on held-out repetitions.</param>
/// <param name="Rank">Low-rank model: fixed r, or null to choose on held-out repetitions.</param>
/// <param name="BootstrapResamples">0 for no bootstrap, else the number of resamples (&gt;= 10).</param>
/// <param name="Seed">Seeds fold assignment and bootstrap.</param>
/// <param name="ProjectPsd">Project the final estimate onto PSD matrices (eigenvalue clipping of the stacked matrix).</param>
public sealed record CovarianceAnalysisOptions(
    CovarianceStructureKind Structure = CovarianceStructureKind.Unrestricted,
    double Ridge = 0.0,
    bool DiagonalDelta = false,
    int? Bandwidth = null,
    int? Rank = null,
    int BootstrapResamples = 0,
    int Seed = 0,
    bool ProjectPsd = true)
{
    public Func<TimeCovarianceEstimate, double>? PredictedError { get; init; }

    public ICovarianceStructure CreateStructure() => Structure switch
    {
        CovarianceStructureKind.Unrestricted => new UnrestrictedCovariance(),
        CovarianceStructureKind.Banded => new BandedCovariance(Bandwidth, Seed),
        CovarianceStructureKind.LowRank => new LowRankTimeCovariance(Rank, Seed),
        CovarianceStructureKind.Separable => new SeparableExponentialCovariance(),
        _ => throw new ArgumentOutOfRangeException(nameof(Structure), Structure, "unknown covariance structure."),
    };
}
