using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Experiments;

/// <summary>Collects an experiment's pass/fail criteria and turns them into its verdict.</summary>
public sealed class Checks
{
    private readonly List<CheckRecord> _checks = [];

    public bool Add(string name, double value, string target, bool passed)
    {
        _checks.Add(new CheckRecord(name, value, target, passed));
        return passed;
    }

    public bool InRange(string name, double value, double lo, double hi) => Add(name, value, $"in [{lo:G3}, {hi:G3}]", value >= lo && value <= hi);

    public bool AtLeast(string name, double value, double bound) => Add(name, value, $">= {bound:G3}", value >= bound);

    public bool AtMost(string name, double value, double bound) => Add(name, value, $"<= {bound:G3}", value <= bound);

    public VerdictRecord Verdict(string reproduced, string notReproduced)
    {
        var ok = _checks.All(c => c.Passed);
        var failed = string.Join("; ", _checks.Where(c => !c.Passed).Select(c => $"{c.Name} = {c.Value:G4} (wanted {c.Target})"));
        return new VerdictRecord(ok, ok ? reproduced : $"{notReproduced} Failed: {failed}.", _checks.ToArray());
    }
}
