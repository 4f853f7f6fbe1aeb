namespace ScoreProbe.Neural.Data;

/// <summary>How 28x28 digits are brought to the network's size.</summary>
public enum ImageGeometry
{
    /// <summary>Keep 28x28.</summary>
    Native,
    /// <summary>Area-average down to 16x16 (adaptive average pooling, each output pixel the mean over its footprint).</summary>
    Resize16,
    /// <summary>Pad with background (0) by 2 pixels on each side to 32x32, the DDPM CIFAR-10 size.</summary>
    Pad32,
}
