namespace ScoreProbe.Core.Estimation;

/// <summary>A residual file that does not follow its documented layout; the message names the line or byte offset.</summary>
public sealed class ResidualFormatException(string message) : InvalidConfigurationException(message);
