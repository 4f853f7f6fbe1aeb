using System.Text;

namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>The markdown table of a fuzz run: per command the cases, the clean ones and the faults (by owner where marked).</summary>
internal static class FuzzReport
{
    public static string Markdown(IReadOnlyList<CaseResult> results, string mode, TimeSpan elapsed, int jobs, TimeSpan timeout)
    {
        var text = new StringBuilder();
        var faults = results.Count(r => r.Verdict == CaseVerdict.Fault);
        var expected = results.Count(r => r.Verdict == CaseVerdict.ExpectedFault);
        text.AppendLine($"Mode `{mode}`: {results.Count} cases in {elapsed.TotalMinutes:F1} min ({jobs} at a time, {timeout.TotalSeconds:F0} s limit per case); "
            + $"{results.Count(r => r.Verdict is CaseVerdict.Clean or CaseVerdict.MarkCanGo)} clean, {faults} unexpected faults, {expected} expected faults (marked, owned by another branch).");
        text.AppendLine();
        text.AppendLine("| command | cases | clean | faults | expected faults (owner) |");
        text.AppendLine("|---|---:|---:|---:|---|");
        foreach (var group in results.GroupBy(r => r.Case.Command).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var owners = group.Where(r => r.Verdict == CaseVerdict.ExpectedFault).GroupBy(r => r.Mark!.Owner)
                .Select(o => $"{o.Count()} ({o.Key})");
            text.AppendLine($"| {group.Key} | {group.Count()} | {group.Count(r => r.Verdict is CaseVerdict.Clean or CaseVerdict.MarkCanGo)} | "
                + $"{group.Count(r => r.Verdict == CaseVerdict.Fault)} | {string.Join(", ", owners)} |");
        }
        text.AppendLine($"| **all** | {results.Count} | {results.Count(r => r.Verdict is CaseVerdict.Clean or CaseVerdict.MarkCanGo)} | {faults} | {expected} |");

        Section(text, "Unexpected faults", results.Where(r => r.Verdict == CaseVerdict.Fault).ToList(), withOwner: false);
        Section(text, "Expected faults (marked in `tests/ScoreProbe.Cli.Tests/Fuzz/KnownFaults.cs`)", results.Where(r => r.Verdict == CaseVerdict.ExpectedFault).ToList(), withOwner: true);
        var stillFaulty = results.Where(r => r.Verdict == CaseVerdict.ExpectedFault).Select(r => r.Mark!.Case).ToHashSet();
        var stale = results.Where(r => r.Verdict == CaseVerdict.MarkCanGo).Select(r => r.Mark!.Case).Distinct().Where(m => !stillFaulty.Contains(m)).ToList();
        if (stale.Count > 0)
        {
            text.AppendLine().AppendLine("Marks whose cases all ran clean (delete their lines in `KnownFaults.cs`):").AppendLine();
            foreach (var mark in stale) text.AppendLine($"- `{mark}`");
        }
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title, IReadOnlyList<CaseResult> rows, bool withOwner)
    {
        if (rows.Count == 0) return;
        text.AppendLine().AppendLine($"**{title}**").AppendLine();
        text.AppendLine(withOwner ? "| case | owner | what happened | command line |" : "| case | what happened | command line |");
        text.AppendLine(withOwner ? "|---|---|---|---|" : "|---|---|---|");
        foreach (var r in rows)
        {
            var cells = withOwner
                ? new[] { r.Case.Id, r.Mark!.Owner, r.Problem!, r.Case.CommandLine }
                : [r.Case.Id, r.Problem!, r.Case.CommandLine];
            text.AppendLine("| " + string.Join(" | ", cells.Select(Cell)) + " |");
        }
    }

    private static string Cell(string value) => "`" + ContractCheck.Printable(value).Replace("|", "\\|").Replace("`", "'") + "`";
}
