using System.CommandLine;
using System.Text.RegularExpressions;

namespace ScoreProbe.Cli.Infrastructure;

/// <summary>
/// Rewords System.CommandLine's parse errors as one line that names the option or command and the fix, without .NET
/// type names. Validator messages of our own (output paths) pass through unchanged.
/// </summary>
public static partial class ParseErrorText
{
    public static string Describe(ParseResult parse)
    {
        var command = parse.CommandResult.Command;
        var name = command is RootCommand ? "scoreprobe" : $"scoreprobe {command.Name}";
        var help = $"see '{name} --help'";
        var messages = parse.Errors.Select(e => e.Message).ToList();
        // An unknown first word also yields "Required command was not provided"; the unknown word is the real problem.
        var first = messages.FirstOrDefault(m => Unrecognized().IsMatch(m)) ?? messages[0];

        if (Unrecognized().Match(first) is { Success: true } unknown)
        {
            var token = unknown.Groups[1].Value;
            if (command is RootCommand)
                return token.StartsWith('-')
                    ? $"unknown option '{token}'; pass a command first: {CommandList(command)}"
                    : $"unknown command '{token}'; the commands are {CommandList(command)}";
            return token.StartsWith('-')
                ? $"unknown option '{token}' for '{command.Name}'; {help}"
                : $"unexpected argument '{token}' for '{command.Name}'; {help}";
        }
        if (CannotParse().Match(first) is { Success: true } parse1)
            return $"{parse1.Groups[2].Value} '{parse1.Groups[1].Value}' is not {Expected(parse1.Groups[3].Value)}; {help}";
        if (first.StartsWith("Required command was not provided", StringComparison.Ordinal))
            return $"no command given; pass one of {CommandList(command)}";
        if (MissingOptionValue().Match(first) is { Success: true } missingValue)
            return $"{missingValue.Groups[1].Value} needs a value; {help}";
        if (RequiredOption().Match(first) is { Success: true } required)
            return $"{required.Groups[1].Value} is required; {help}";
        if (RequiredArgument().Match(first) is { Success: true } argument)
            return $"'{argument.Groups[2].Value}' needs its {argument.Groups[1].Value} argument; {help}";
        if (SingleArgument().Match(first) is { Success: true } repeated)
            return $"{repeated.Groups[1].Value} was given {repeated.Groups[2].Value} values; pass it once with one value";
        return DotNetTypeName().Replace(first, "value");
    }

    private static string CommandList(Command root) => string.Join(", ", root.Subcommands.Select(c => c.Name));

    private static string Expected(string type) => DotNetTypeName().Match(type) is { Success: true } m && m.Value.EndsWith("Int32", StringComparison.Ordinal)
        ? "a whole number in [-2147483648, 2147483647]"
        : type.Contains("Int64", StringComparison.Ordinal) ? "a whole number"
        : type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) ? "a number (for example 0.1 or 1e-3)"
        : type.Contains("Boolean", StringComparison.Ordinal) ? "true or false"
        : "a valid value";

    [GeneratedRegex(@"^Unrecognized command or argument '(.*)'\.?$")]
    private static partial Regex Unrecognized();

    [GeneratedRegex(@"^Cannot parse argument '(.*)' for option '(.*)' as expected type '(.*)'\.?$")]
    private static partial Regex CannotParse();

    [GeneratedRegex(@"^Required argument missing for option: '(.*)'\.?$")]
    private static partial Regex MissingOptionValue();

    [GeneratedRegex(@"^Option '(.*)' is required\.?$")]
    private static partial Regex RequiredOption();

    [GeneratedRegex(@"^Required argument '(.*)' missing for command: '(.*)'\.?$")]
    private static partial Regex RequiredArgument();

    [GeneratedRegex(@"^Option '(.*)' expects a single argument but (\d+) were provided\.?$")]
    private static partial Regex SingleArgument();

    [GeneratedRegex(@"\bSystem(\.[A-Za-z0-9_`\[\]]+)+")]
    private static partial Regex DotNetTypeName();
}
