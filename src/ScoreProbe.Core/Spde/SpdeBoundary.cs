namespace ScoreProbe.Core.Spde;

/// <summary>Boundary of the square domain [-L, L]^d for the finite-volume SPDE solver.</summary>
public enum SpdeBoundary
{
    /// <summary>No flux through the boundary faces (reflecting walls).</summary>
    ZeroFlux,

    /// <summary>The domain wraps around; sensible only when the target is negligible near the boundary.</summary>
    Periodic,
}
