using ScoreProbe.Core;

namespace ScoreProbe.Neural.Data;

/// <summary>Data that was asked for is missing or malformed; the message says what was expected and how to fix it.</summary>
public sealed class DataUnavailableException(string message, Exception? inner = null) : InvalidConfigurationException(message, inner);
