namespace ScoreProbe.Core;

/// <summary>
/// The one exception for bad input that the user can fix: a value out of range, NaN or inf, a missing, corrupt or
/// unwritable file, an unstable step size, a non-PSD covariance, an impossible memory or time budget.
/// The CLI prints it as one line <c>error: …</c> and exits with code 2.
/// </summary>
/// <remarks>
/// Engines name their own parameters (<see cref="Parameter"/>, in the kebab-case spelling of the engine's setting,
/// for example <c>steps</c> or <c>t-min</c>) and never word a message as a command-line flag; the CLI maps the
/// parameter to the option that set it. Anything else that escapes a command is a defect, not bad input.
/// </remarks>
public class InvalidConfigurationException : Exception
{
    /// <summary>A problem that is not tied to one parameter; <paramref name="message"/> names the value and the fix.</summary>
    public InvalidConfigurationException(string message, Exception? inner = null) : base(message, inner) => Problem = message;

    /// <summary>
    /// A problem with one named parameter. <paramref name="problem"/> continues the parameter's name, for example
    /// <c>must be >= 1 (got 0); use at least one step</c>.
    /// </summary>
    public InvalidConfigurationException(string parameter, string problem, Exception? inner = null)
        : base($"{parameter} {problem}", inner)
    {
        Parameter = parameter;
        Problem = problem;
    }

    /// <summary>The engine's name of the offending parameter, or null when the problem is not tied to one.</summary>
    public string? Parameter { get; }

    /// <summary>The message without the parameter's name (the whole message when <see cref="Parameter"/> is null).</summary>
    public string Problem { get; }
}
