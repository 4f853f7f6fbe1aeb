namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>
/// The cases CI runs by default (the whole suite runs with <c>SCOREPROBE_FUZZ=full</c>): the issue-14 regressions pinned
/// below, and per baseline one output-path case, one number case and one malformed-input case, the target and class of
/// each picked by a fixed rotation so that different options are exercised from one baseline to the next. Cases marked in
/// <see cref="KnownFaults"/> are left to the full suite.
/// </summary>
internal static class FastSubset
{
    /// <summary>Case ids (<see cref="FuzzCase.Id"/>) always in the fast subset.</summary>
    public static readonly string[] Pinned =
    [
        "spde --noise 1e308",
        "spde --noise 2^31",
        "spde --horizon 1e308",
        "spde --initial-shift 1e308",
        "spde --cells int-max",
        "estimate --bootstrap int-max",
        "estimate --residuals garbage-file",
        "estimate[synthesize] --reps int-max",
        "experiment --out garbled-output",
        "kernel --json proc",
        "report <dir> truncated-file",
    ];

    private static readonly string[] OutputClasses = ["proc", "dev-null", "folder", "file", "read-only", "empty"];
    private static readonly string[] NumberClasses = ["negative", "zero", "2^31", "int-max", "1e308", "-1e308", "nan", "inf", "-inf", "text"];
    private static readonly string[] InputClasses = ["missing-file", "directory", "garbage-file", "truncated-file"];

    public static IReadOnlyList<FuzzCase> Select(Baseline baseline, IReadOnlyList<FuzzCase> cases)
    {
        var chosen = cases.Where(c => Pinned.Contains(c.Id)).ToList();
        var groups = baseline.Slow ? [OutputClasses] : new[] { OutputClasses, NumberClasses, InputClasses };
        foreach (var classes in groups)
        {
            var candidates = cases.Where(c => classes.Contains(c.ClassName) && KnownFaults.For(c) is null && (!baseline.Slow || c.Target!.IsOutput)).ToList();
            if (candidates.Count > 0) chosen.Add(candidates[(int)(StableHash(baseline.Id + string.Join(",", classes)) % (uint)candidates.Count)]);
        }
        return chosen.Distinct().ToList();
    }

    /// <summary>FNV-1a: the same rotation on every machine and run (string.GetHashCode is randomised per process).</summary>
    private static uint StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var c in text) hash = (hash ^ c) * 16777619u;
        return hash;
    }
}
