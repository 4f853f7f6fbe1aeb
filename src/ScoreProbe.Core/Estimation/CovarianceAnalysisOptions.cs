using ScoreProbe.Core.Validation;

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

    /// <summary>The most bootstrap resamples (their values are kept and sorted).</summary>
    public const int MaxBootstrapResamples = 1_000_000;

    /// <summary>Multiply-adds the bootstrap may take: resamples x R (m p)^2 for the refits (about a minute of one core).</summary>
    public const double BootstrapWorkBudget = 1e11;

    /// <summary>
    /// Throws <see cref="InvalidConfigurationException"/> for a setting out of range or one that <paramref name="set"/> cannot
    /// support (engine names: <c>ridge</c>, <c>bootstrap-resamples</c>, <c>bandwidth</c>, <c>rank</c>, <c>residuals</c>), and
    /// for a bootstrap over its work budget.
    /// </summary>
    public void Validate(ResidualSet set)
    {
        Guard.NonNegative("ridge", Ridge);
        if (BootstrapResamples != 0)
            Guard.InRange("bootstrap-resamples", BootstrapResamples, 10, MaxBootstrapResamples, "pass 0 for no bootstrap");
        if (Bandwidth is { } w) Guard.AtLeast("bandwidth", w, 0);
        if (Rank is { } r)
        {
            Guard.AtLeast("rank", r, 1);
            if (r > set.TimeCount) throw new InvalidConfigurationException("rank", $"{r} exceeds the number of grid times m = {set.TimeCount}");
        }
        if (set.Repetitions < 2) throw new InvalidConfigurationException("residuals", $"hold R = {set.Repetitions} repetition; time-time covariances need R >= 2");
        if (set.Batch < 2) throw new InvalidConfigurationException("residuals", $"hold B = {set.Batch} draw per (repetition, time); the affine fit needs B >= 2");
        if (!DiagonalDelta && Ridge == 0 && set.Batch <= set.Dim)
            throw new InvalidConfigurationException("ridge", $"is 0 but B = {set.Batch} <= d = {set.Dim}: a full Delta is not identifiable; pass a ridge > 0 or fit a diagonal Delta");
        var chosen = Structure switch { CovarianceStructureKind.Banded => ("bandwidth", Bandwidth), CovarianceStructureKind.LowRank => ("rank", Rank), _ => ((string, int?)?)null };
        if (chosen is ({ } parameter, null) && set.Repetitions < HeldOutValidation.MinimumRepetitions)
            throw new InvalidConfigurationException(parameter,
                $"is chosen on held-out repetitions, which needs R >= {HeldOutValidation.MinimumRepetitions} (the residuals hold {set.Repetitions}); give the {parameter} explicitly");
        var modes = (double)set.TimeCount * ((DiagonalDelta ? set.Dim : (double)set.Dim * set.Dim) + set.Dim);
        var work = (double)BootstrapResamples * set.Repetitions * modes * modes;
        if (work > BootstrapWorkBudget)
            throw new InvalidConfigurationException("bootstrap-resamples",
                $"{BootstrapResamples} needs about {work:G3} multiply-adds (R = {set.Repetitions}, m p = {modes}), over the budget of {BootstrapWorkBudget:G3}; use at most {Math.Max(10, Math.Floor(BootstrapWorkBudget / (set.Repetitions * modes * modes))):G6} resamples");
    }

    public ICovarianceStructure CreateStructure() => Structure switch
    {
        CovarianceStructureKind.Unrestricted => new UnrestrictedCovariance(),
        CovarianceStructureKind.Banded => new BandedCovariance(Bandwidth, Seed),
        CovarianceStructureKind.LowRank => new LowRankTimeCovariance(Rank, Seed),
        CovarianceStructureKind.Separable => new SeparableExponentialCovariance(),
        _ => throw new ArgumentOutOfRangeException(nameof(Structure), Structure, "unknown covariance structure."),
    };
}
