namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>
/// A fuzzed value: the command-line text and what has to exist in the case folder before the run (a garbage file, a
/// read-only folder, a damaged copy of a valid input). Paths are relative to the case folder, the run's working folder.
/// </summary>
internal sealed record FuzzValue(string Text, Action<string>? Prepare = null);

/// <summary>What a value class knows about its target: a valid input it can damage, and what the baseline wrote there.</summary>
/// <param name="Target">The option or argument the value goes to.</param>
/// <param name="Example">An existing valid file or folder for the target (absolute), or null.</param>
/// <param name="BaselineOutput">What the baseline run wrote at this output target (absolute), or null.</param>
internal sealed record TargetContext(FuzzTarget Target, string? Example, string? BaselineOutput);

/// <summary>One kind of bad (or extreme) input; <see cref="Make"/> returns null where the class does not apply to a target.</summary>
/// <param name="Name">Short name used in case ids, the table and <see cref="KnownFaults"/>.</param>
/// <param name="NamesValue">An error may name the value (a file, a folder) instead of the option.</param>
/// <param name="Make">The value for a target, or null.</param>
internal sealed record ValueClass(string Name, bool NamesValue, Func<TargetContext, FuzzValue?> Make);

/// <summary>
/// The value classes of issue 14: negative, zero, 2^31, 2147483647, ±1e308, NaN, ±inf, text, empty; for inputs a missing
/// file, a folder, a binary garbage file and a truncated copy of a valid one; for outputs /proc/x, /dev/null/x, a folder
/// where a file is expected (and the reverse), a read-only folder, and an output folder holding a damaged earlier result.
/// </summary>
internal static class ValueClasses
{
    private static readonly TargetKind[] Numeric = [TargetKind.Integer, TargetKind.Number, TargetKind.Text];

    public static IReadOnlyList<ValueClass> All { get; } =
    [
        Literal("negative", "-1", Numeric),
        Literal("zero", "0", Numeric),
        Literal("2^31", "2147483648", Numeric),
        Literal("int-max", "2147483647", Numeric),
        Literal("1e308", "1e308", Numeric),
        Literal("-1e308", "-1e308", TargetKind.Number),
        Literal("nan", "NaN", TargetKind.Number),
        Literal("inf", "Infinity", TargetKind.Number),
        Literal("-inf", "-Infinity", TargetKind.Number),
        new("text", NamesValue: false, c => c.Target.Kind is TargetKind.Integer or TargetKind.Number or TargetKind.Text or TargetKind.Flag ? new FuzzValue("fuzz") : null),
        new("empty", NamesValue: false, c => c.Target.Kind is TargetKind.Flag ? null : new FuzzValue("")),
        Input("missing-file", c => new FuzzValue("missing" + Extension(c))),
        Input("directory", _ => new FuzzValue("a-folder", dir => Directory.CreateDirectory(Path.Combine(dir, "a-folder")))),
        Input("garbage-file", c => new FuzzValue("garbage" + Extension(c), dir => File.WriteAllBytes(Path.Combine(dir, "garbage" + Extension(c)), DamagedFiles.Garbage()))),
        Input("truncated-file", c => c.Example switch
        {
            { } folder when Directory.Exists(folder) => new FuzzValue("truncated", dir => DamagedFiles.CopyTruncated(folder, Path.Combine(dir, "truncated"))),
            { } file when File.Exists(file) => new FuzzValue("truncated" + Path.GetExtension(file), dir => DamagedFiles.CopyTruncated(file, Path.Combine(dir, "truncated" + Path.GetExtension(file)))),
            _ => null,
        }),
        Output("proc", TargetKind.OutputFile, TargetKind.OutputFolder, _ => new FuzzValue("/proc/scoreprobe-fuzz/out")),
        Output("dev-null", TargetKind.OutputFile, TargetKind.OutputFolder, _ => new FuzzValue("/dev/null/out")),
        Output("folder", TargetKind.OutputFile, null, _ => new FuzzValue("a-folder", dir => Directory.CreateDirectory(Path.Combine(dir, "a-folder")))),
        Output("file", TargetKind.OutputFolder, null, _ => new FuzzValue("a-file", dir => File.WriteAllText(Path.Combine(dir, "a-file"), "not a folder\n"))),
        Output("read-only", TargetKind.OutputFile, TargetKind.OutputFolder, _ => ReadOnlyFolder.Supported
            ? new FuzzValue("read-only/out", dir => ReadOnlyFolder.Create(Path.Combine(dir, "read-only")))
            : null),
        Output("garbled-output", TargetKind.OutputFolder, null, c => c.BaselineOutput is { } earlier && Directory.Exists(earlier)
            ? new FuzzValue(Path.GetFileName(earlier), dir => DamagedFiles.CopyGarbled(earlier, Path.Combine(dir, Path.GetFileName(earlier))))
            : null),
        Output("truncated-output", TargetKind.OutputFolder, null, c => c.BaselineOutput is { } earlier && Directory.Exists(earlier)
            ? new FuzzValue(Path.GetFileName(earlier), dir => DamagedFiles.CopyTruncated(earlier, Path.Combine(dir, Path.GetFileName(earlier))))
            : null),
    ];

    public static ValueClass Named(string name) => All.Single(c => c.Name == name);

    private static ValueClass Literal(string name, string text, params TargetKind[] kinds) =>
        new(name, NamesValue: false, c => kinds.Contains(c.Target.Kind) ? new FuzzValue(text) : null);

    private static ValueClass Input(string name, Func<TargetContext, FuzzValue?> make) =>
        new(name, NamesValue: true, c => c.Target.Kind == TargetKind.Text ? make(c) : null);

    private static ValueClass Output(string name, TargetKind kind, TargetKind? other, Func<TargetContext, FuzzValue?> make) =>
        new(name, NamesValue: true, c => c.Target.Kind == kind || c.Target.Kind == other ? make(c) : null);

    /// <summary>The extension of the valid input, so that commands that read the format from the name try to parse the garbage.</summary>
    private static string Extension(TargetContext c) => c.Example is { } e && File.Exists(e) ? Path.GetExtension(e) : ".dat";
}
