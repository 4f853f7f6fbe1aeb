using System.CommandLine;
using ScoreProbe.Cli.Commands;
using ScoreProbe.Cli.Infrastructure;

namespace ScoreProbe.Cli;

/// <summary>Builds the <c>scoreprobe</c> command tree and maps failures to exit codes (2 = bad input).</summary>
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
        yield return DataCommand.Build();
        yield return TrainCommand.Build();
        yield return SampleCommand.Build();
        yield return ModelInfoCommand.Build();
    }

    public static int Run(string[] args)
    {
        try
        {
            var parse = BuildRoot().Parse(args);
            if (parse.Errors.Count > 0)
            {
                Console.Error.WriteLine($"error: {parse.Errors[0].Message} (see 'scoreprobe --help')");
                return 2;
            }
            return parse.Invoke(new InvocationConfiguration { EnableDefaultExceptionHandler = false });
        }
        catch (UsageException e)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 2;
        }
    }
}
