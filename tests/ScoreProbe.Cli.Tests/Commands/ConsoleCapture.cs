namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>
/// Runs the CLI in-process with standard error captured. Console.Error is global, so the tests that use this share one
/// collection that xunit runs on its own, after the parallel ones: no other test's output can land in the capture.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCapture
{
    public const string Name = "console capture";

    /// <summary>The exit code and what the command wrote to standard error, trimmed.</summary>
    public static (int Code, string Error) Run(params string[] args)
    {
        var saved = Console.Error;
        var captured = new StringWriter();
        Console.SetError(captured);
        try { return (CliApp.Run(args), captured.ToString().Trim()); }
        finally { Console.SetError(saved); }
    }
}
