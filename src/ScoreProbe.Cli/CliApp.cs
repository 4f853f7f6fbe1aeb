using System.CommandLine;
using ScoreProbe.Cli.Commands;
using ScoreProbe.Cli.Infrastructure;

namespace ScoreProbe.Cli;

/// <summary>Builds the <c>scoreprobe</c> command tree and maps failures to exit codes (<see cref="CliErrors"/>).</summary>
public static class CliApp
{
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand("ScoreProbe: how score-network errors travel through a diffusion sampler into sample quality.");
        foreach (var command in Commands()) root.Subcommands.Add(command);
        return root;
    }

    private static IEnumerable<Command> Commands()
    {
        yield return DemoCommand.Build();
        yield return KernelCommand.Build();
        yield return DesignGridCommand.Build();
        yield return ExperimentCommand.Build();
        yield return ReportCommand.Build();
        yield return DataCommand.Build();
        yield return TrainCommand.Build();
        yield return SampleCommand.Build();
        yield return ExportCommand.Build();
        yield return ModelInfoCommand.Build();
        yield return SpdeCommand.Build();
        yield return EstimateCommand.Build();
        yield return ResidualsCommand.Build();
        yield return PredictCommand.Build();
        yield return SiemCommand.Build();
        yield return FidCommand.Build();
        yield return W2Command.Build();
        yield return StudyCommand.Build();
    }

    public static int Run(string[] args)
    {
        // Redirected output gets Spectre's 80-column default, which folds the result tables; give them room.
        if (Console.IsOutputRedirected) Spectre.Console.AnsiConsole.Profile.Width = 160;
        ParseResult? parse = null;
        try
        {
            parse = BuildRoot().Parse(args);
            if (parse.Errors.Count > 0)
            {
                Console.Error.WriteLine($"error: {ParseErrorText.Describe(parse)}");
                return CliErrors.BadInput;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (Exception e) when (CliErrors.FindBadInput(e) is { } bad)
        {
            Console.Error.WriteLine($"error: {CliErrors.Describe(bad, parse?.CommandResult.Command)}");
            return CliErrors.BadInput;
        }
        catch (Exception e)
        {
            Console.Error.WriteLine($"error: {CliErrors.DescribeInternal(e, args)}");
            return CliErrors.InternalFailure;
        }
    }
}
