namespace ScoreProbe.Neural.Training;

/// <summary>How a fresh network's weights are set (after seeding the global torch generator).</summary>
public enum InitScheme
{
    /// <summary>PyTorch's defaults (Kaiming-uniform weights, uniform biases) as every layer constructs them.</summary>
    Default,
    /// <summary>
    /// Defaults, then the last layer of every residual branch (each resnet's <c>conv2</c>, each attention's
    /// <c>to_out</c>) and the output layer set to zero, as in the original DDPM code (<c>zero_module</c>): every block
    /// starts as the identity and the initial prediction is 0.
    /// </summary>
    ZeroResidual,
}
