namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>
/// A fault the fuzz suite finds in code another branch is fixing. The case still runs (in the full suite) and is reported as
/// "expected fault (owner: X)" instead of failing; when it turns clean the table says the mark can go.
/// </summary>
/// <param name="Case">Baseline id, target and class as in <see cref="FuzzCase.Id"/>; <c>*</c> matches any target or class.</param>
/// <param name="Owner">The branch whose fix removes the fault.</param>
/// <param name="Symptom">What the case shows now.</param>
internal sealed record KnownFault(string Case, string Owner, string Symptom)
{
    public bool Matches(FuzzCase fuzzCase)
    {
        var parts = Case.Split(' ');
        return parts.Length == 3 && parts[0] == fuzzCase.Baseline.Id
            && (parts[1] == "*" || parts[1] == fuzzCase.TargetName)
            && (parts[2] == "*" || parts[2] == fuzzCase.ClassName);
    }
}

/// <summary>The marks, one line each: delete a line once its owner's fix is merged.</summary>
internal static class KnownFaults
{
    public static IReadOnlyList<KnownFault> All { get; } =
    [
    ];

    public static KnownFault? For(FuzzCase fuzzCase) => All.FirstOrDefault(k => k.Matches(fuzzCase));
}
