namespace ScoreProbe.Core.Kernel;

/// <summary>Which engine contracts the kernel with the error covariance.</summary>
public enum KernelPath
{
    /// <summary>The per-mode fast path where it applies, else the directional path.</summary>
    Auto,

    /// <summary><see cref="IsotropicModeKernelEngine"/>.</summary>
    Modes,

    /// <summary><see cref="DirectionalKernelEngine"/>.</summary>
    Directional,
}
