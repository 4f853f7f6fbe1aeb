namespace ScoreProbe.Cli.Infrastructure;

/// <summary>
/// Bad input from the user (an option out of range, a missing file, an unstable configuration).
/// The entry point prints <see cref="Exception.Message"/> as one line and exits with code 2.
/// The message names the offending value and the fix.
/// </summary>
public sealed class UsageException(string message) : Exception(message);
