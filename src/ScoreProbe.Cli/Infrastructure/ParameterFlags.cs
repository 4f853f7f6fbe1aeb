using System.CommandLine;
using System.Runtime.CompilerServices;

namespace ScoreProbe.Cli.Infrastructure;

/// <summary>
/// Maps an engine's parameter names to the command-line options that set them, so that an
/// <see cref="Core.InvalidConfigurationException"/> raised deep inside Core or Neural is reported with the flag the
/// user typed. By default parameter <c>x</c> maps to option <c>--x</c> of the running command; a command whose
/// options are named differently from the engine's parameters registers the differences here.
/// </summary>
public static class ParameterFlags
{
    private static readonly ConditionalWeakTable<Command, Dictionary<string, string>> Maps = new();

    /// <summary>Registers <c>(parameter, flag)</c> pairs for <paramref name="command"/>.</summary>
    public static Command Map(this Command command, params (string Parameter, string Flag)[] pairs)
    {
        var map = Maps.GetOrCreateValue(command);
        foreach (var (parameter, flag) in pairs) map[parameter] = flag;
        return command;
    }

    /// <summary>The flag that sets <paramref name="parameter"/> in <paramref name="command"/>, or null when none does.</summary>
    public static string? Resolve(Command? command, string parameter)
    {
        if (command is null) return null;
        if (Maps.TryGetValue(command, out var map) && map.TryGetValue(parameter, out var flag)) return flag;
        var option = "--" + parameter;
        return command.Options.Any(o => o.Name == option || o.Aliases.Contains(option)) ? option : null;
    }
}
