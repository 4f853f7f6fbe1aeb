namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>One run of the CLI: a baseline with one target set to one value class (or the baseline itself).</summary>
internal sealed record FuzzCase(Baseline Baseline, FuzzTarget? Target, ValueClass? Class, FuzzValue? Value, IReadOnlyList<string> Args)
{
    public string Command => Baseline.Command;

    /// <summary>The target takes a path to an existing input (the baseline gives one): an error may name the path instead of the option.</summary>
    public bool PathInput { get; init; }

    public string TargetName => Target?.Name ?? "-";

    public string ClassName => Class?.Name ?? "baseline";

    public string Id => $"{Baseline.Id} {TargetName} {ClassName}";

    /// <summary>The command line as a user would type it (for the table and for reproducing a fault by hand).</summary>
    public string CommandLine => "scoreprobe " + string.Join(' ', Args.Select(Quote));

    /// <summary>Fills a fresh case folder with what the run expects to find there.</summary>
    public void Prepare(string folder)
    {
        foreach (var (name, source) in Baseline.Copies) DamagedFiles.CopyExact(source, Path.Combine(folder, name));
        Value?.Prepare?.Invoke(folder);
    }

    public static FuzzCase ForBaseline(Baseline baseline) => new(baseline, null, null, null, [.. baseline.Command.Split(' '), .. baseline.Args]);

    public static FuzzCase With(Baseline baseline, FuzzCommand command, FuzzTarget target, ValueClass valueClass, FuzzValue value) =>
        new(baseline, target, valueClass, value, [.. command.Words, .. ArgumentLine.Replace(command, baseline.Args, target, value.Text)]);

    private static string Quote(string arg) => arg.Length == 0 ? "\"\"" : arg.Any(c => char.IsWhiteSpace(c) || c is '"' or '\'' or '$' or '*') ? $"'{arg}'" : arg;
}

/// <summary>Reads and edits a baseline's argument list option by option.</summary>
internal static class ArgumentLine
{
    /// <summary>One option with its values, or one positional argument (<see cref="Option"/> null).</summary>
    private sealed record Segment(string? Option, List<string> Values);

    /// <summary>The value of <paramref name="target"/> in <paramref name="args"/> (first value of a many-valued option), or null when unset.</summary>
    public static string? ValueOf(FuzzCommand command, IReadOnlyList<string> args, FuzzTarget target)
    {
        var segments = Split(command, args);
        var segment = target.IsArgument
            ? segments.Where(s => s.Option is null).ElementAtOrDefault(ArgumentIndex(command, target))
            : segments.FirstOrDefault(s => s.Option == target.Name);
        return segment?.Values.FirstOrDefault();
    }

    /// <summary>The arguments with <paramref name="target"/> set to <paramref name="value"/> (added when the baseline leaves it unset).</summary>
    public static IReadOnlyList<string> Replace(FuzzCommand command, IReadOnlyList<string> args, FuzzTarget target, string value)
    {
        var segments = Split(command, args);
        if (target.IsArgument)
        {
            var positional = segments.Where(s => s.Option is null).ToList();
            var index = ArgumentIndex(command, target);
            if (index < positional.Count) positional[index].Values[0] = value;
            else segments.Add(new Segment(null, [value]));
        }
        else
        {
            segments.RemoveAll(s => s.Option == target.Name);
            segments.Add(new Segment(target.Name, [value]));
        }
        return segments.SelectMany(s => s.Option is null ? s.Values : [s.Option, .. s.Values]).ToList();
    }

    private static int ArgumentIndex(FuzzCommand command, FuzzTarget target) => command.Arguments.ToList().FindIndex(a => a.Name == target.Name);

    private static List<Segment> Split(FuzzCommand command, IReadOnlyList<string> args)
    {
        var segments = new List<Segment>();
        for (var i = 0; i < args.Count; i++)
        {
            if (command.Option(args[i]) is not { } option)
            {
                segments.Add(new Segment(null, [args[i]]));
                continue;
            }
            var values = new List<string>();
            if (option.Kind == TargetKind.Flag)
            {
                if (i + 1 < args.Count && args[i + 1] is "true" or "false") values.Add(args[++i]);
            }
            else if (option.TakesMany)
            {
                while (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)) values.Add(args[++i]);
            }
            else if (i + 1 < args.Count)
            {
                values.Add(args[++i]);
            }
            segments.Add(new Segment(option.Name, values));
        }
        return segments;
    }
}
