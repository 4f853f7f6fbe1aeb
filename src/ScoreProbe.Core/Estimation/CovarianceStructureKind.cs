namespace ScoreProbe.Core.Estimation;

/// <summary>The time-time covariance models of paper 000 §7, "Structured approximations in time".</summary>
public enum CovarianceStructureKind
{
    /// <summary>The empirical covariance, m^2 p^2 free numbers.</summary>
    Unrestricted,

    /// <summary>Blocks with |a - b| &gt; w set to zero.</summary>
    Banded,

    /// <summary>Rank-r projection onto the leading temporal modes of the trace-aggregated time kernel.</summary>
    LowRank,

    /// <summary>Sigma_ab = rho^|a - b| S (exponential decay in the time index, Kronecker structure).</summary>
    Separable,
}
