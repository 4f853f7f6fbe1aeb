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

    /// <summary>The three groups the rotation draws one case from: (name, which cases belong).</summary>
    private static readonly (string Name, Func<FuzzCase, bool> Holds)[] Groups =
    [
        ("output", c => c.Target!.IsOutput && c.ClassName is "proc" or "dev-null" or "folder" or "file" or "read-only" or "empty"),
        ("number", c => c.Target!.Kind is TargetKind.Integer or TargetKind.Number),
        ("input", c => c.ClassName is "missing-file" or "directory" or "garbage-file" or "truncated-file"),
    ];

    public static IReadOnlyList<FuzzCase> Select(Baseline baseline, IReadOnlyList<FuzzCase> cases)
    {
        var chosen = cases.Where(c => Pinned.Contains(c.Id)).ToList();
        foreach (var (name, holds) in baseline.Slow ? Groups[..1] : Groups)
        {
            var candidates = cases.Where(c => holds(c) && KnownFaults.For(c) is null).ToList();
            if (candidates.Count > 0) chosen.Add(candidates[(int)(StableHash(baseline.Id + " " + name) % (uint)candidates.Count)]);
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
