namespace ScoreProbe.Core;

/// <summary>
/// A configuration the engine cannot run: a value out of range, an unstable step size, a non-PSD covariance.
/// The message names the value and the fix; the CLI prints it as one line and exits with code 2.
/// </summary>
public sealed class InvalidConfigurationException(string message) : Exception(message);
