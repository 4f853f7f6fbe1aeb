namespace ScoreProbe.Cli.Tests;

/// <summary>
/// Runs the CLI in-process and captures what it writes to standard error. Console.Error is process-wide, so classes that
/// capture it join <see cref="Collection"/>, which runs alone: a parallel test's progress lines would land in the capture.
/// </summary>
internal static class CliRun
{
    public const string Collection = "captures standard error";

    public static (int Exit, string Error) WithStandardError(params string[] args)
    {
        var error = new StringWriter();
        var saved = Console.Error;
        Console.SetError(error);
        try
        {
            return (CliApp.Run(args), error.ToString().Trim());
        }
        finally
        {
            Console.SetError(saved);
        }
    }
}

[CollectionDefinition(CliRun.Collection, DisableParallelization = true)]
public sealed class StandardErrorCaptureCollection;
