using System.CommandLine;
using System.CommandLine.Help;

namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>What a fuzzed value is given to: an option, or a positional argument of the command.</summary>
internal enum TargetKind { Integer, Number, Flag, Text, OutputFile, OutputFolder }

/// <summary>An option or positional argument of a command, as the fuzz suite sees it.</summary>
/// <param name="Name">The option's name (<c>--noise</c>) or the argument's name in angle brackets (<c>&lt;dir&gt;</c>).</param>
/// <param name="Kind">What values it takes.</param>
/// <param name="IsArgument">A positional argument rather than an option.</param>
/// <param name="TakesMany">The option takes several values (<c>--runs A B</c>); a fuzzed value replaces all of them.</param>
internal sealed record FuzzTarget(string Name, TargetKind Kind, bool IsArgument = false, bool TakesMany = false)
{
    public bool IsOutput => Kind is TargetKind.OutputFile or TargetKind.OutputFolder;
}

/// <summary>A command that does work (a leaf of the command tree), with every option and argument it accepts.</summary>
/// <param name="Path">The words that select it, e.g. <c>data mnist</c>.</param>
/// <param name="Targets">Its options and arguments.</param>
internal sealed record FuzzCommand(string Path, IReadOnlyList<FuzzTarget> Targets)
{
    public string[] Words => Path.Split(' ');

    public FuzzTarget? Option(string name) => Targets.FirstOrDefault(t => !t.IsArgument && t.Name == name);

    public IEnumerable<FuzzTarget> Arguments => Targets.Where(t => t.IsArgument);
}

/// <summary>
/// Reads the command surface from <see cref="CliApp.BuildRoot"/>: every command with an action, every option (hidden ones
/// too) and every argument. Output options are recognised by behaviour, not by name: an option whose parse-time validator
/// rejects a path under /proc is an output (<c>.WritesFile()</c> / <c>.WritesFolder()</c>), and one that also rejects an
/// existing file names a folder. So commands and options added later are fuzzed with no change here.
/// </summary>
internal static class CommandSurface
{
    private const string ProbeMarker = "scoreprobe-fuzz-probe";

    public static IReadOnlyList<FuzzCommand> Discover()
    {
        var root = CliApp.BuildRoot();
        var found = new List<FuzzCommand>();
        Walk(root, "");
        return found;

        void Walk(Command parent, string prefix)
        {
            foreach (var command in parent.Subcommands)
            {
                var path = prefix + command.Name;
                if (command.Action is not null) found.Add(Describe(root, command, path));
                Walk(command, path + " ");
            }
        }
    }

    private static FuzzCommand Describe(RootCommand root, Command command, string path)
    {
        var targets = new List<FuzzTarget>();
        foreach (var option in command.Options)
        {
            if (option is HelpOption or VersionOption) continue;
            var type = Nullable.GetUnderlyingType(option.ValueType) ?? option.ValueType;
            var kind = type == typeof(bool) ? TargetKind.Flag
                : type == typeof(int) || type == typeof(long) ? TargetKind.Integer
                : type == typeof(double) || type == typeof(float) ? TargetKind.Number
                : OutputKind(root, path, option.Name) ?? TargetKind.Text;
            targets.Add(new FuzzTarget(option.Name, kind, TakesMany: option.Arity.MaximumNumberOfValues > 1));
        }
        foreach (var argument in command.Arguments)
            targets.Add(new FuzzTarget($"<{argument.Name}>", TargetKind.Text, IsArgument: true));
        return new FuzzCommand(path, targets);
    }

    /// <summary>OutputFile or OutputFolder when the option's validator checks output paths, otherwise null.</summary>
    private static TargetKind? OutputKind(RootCommand root, string path, string option)
    {
        bool Rejects(string value) => root.Parse([.. path.Split(' '), option, value]).Errors
            .Any(e => e.Message.StartsWith(option + " ", StringComparison.Ordinal) && e.Message.Contains(value, StringComparison.Ordinal));
        if (!Rejects($"/proc/{ProbeMarker}/x")) return null;
        return Rejects(typeof(CommandSurface).Assembly.Location) ? TargetKind.OutputFolder : TargetKind.OutputFile;
    }
}
