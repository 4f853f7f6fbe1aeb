namespace ScoreProbe.Cli.Tests;

/// <summary>Runs the CLI in-process and captures what it writes to standard error.</summary>
internal static class CliRun
{
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
