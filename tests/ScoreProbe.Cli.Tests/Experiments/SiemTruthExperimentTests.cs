using ScoreProbe.Cli.Experiments;
using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Tests.Experiments;

/// <summary>
/// The quick siem-truth run: its exactness checks must pass, and what SIEM does with white and with shared errors follows
/// from eq. (15). With <c>s_hat = s* + delta_t</c> and the exact ratio, <c>xi(t) = d beta_t delta_t . E_u[x / (eps_L + |x|^2)]</c>
/// plus Monte Carlo noise: a shared delta makes that a smooth function of t, which the sigma = 10 filter puts into mu_t
/// (SIEM stays at the exact score's floor, ||mu|| grows); a white delta makes it fluctuate (SIEM grows).
/// </summary>
public class SiemTruthExperimentTests
{
    private static readonly Lazy<ExperimentRecord> Quick = new(() => new SiemTruthExperiment().Run(new ExperimentSettings(Quick: true, Seed: 0), _ => { }));

    private static IReadOnlyList<TableCell> Row(string process) =>
        Quick.Value.Tables.First(t => t.Title.StartsWith("Per error process")).Rows.Single(r => r[0].Text == process);

    private static double Column(string process, string column)
    {
        var table = Quick.Value.Tables.First(t => t.Title.StartsWith("Per error process"));
        return Row(process)[table.Columns.ToList().IndexOf(column)].Number!.Value;
    }

    [Fact]
    public void Exact_error_and_the_two_implementations_agree()
    {
        var checks = Quick.Value.Verdict.Checks;
        Assert.True(checks.Single(c => c.Name.StartsWith("E W2^2 of the kernel")).Passed);
        Assert.InRange(checks.Single(c => c.Name.StartsWith("W2^2 of a realisation")).Value, 0, 1e-4);
    }

    [Fact]
    public void A_shared_error_leaves_siem_at_its_floor_and_moves_mu()
    {
        var floor = Column("exact score (no error)", "SIEM 0-999");
        foreach (var process in new[] { "shared, eps=0.1", "shared, eps=0.3" })
            Assert.InRange(Column(process, "SIEM 0-999") / floor, 0.75, 1.25);
        Assert.True(Column("shared, eps=0.3", "||mu|| 0-999") > 3 * Column("exact score (no error)", "||mu|| 0-999"));
        Assert.True(Column("shared, eps=0.3", "E W2^2 (exact)") > 100 * Column("independent, eps=0.3", "E W2^2 (exact)"));
    }

    [Fact]
    public void A_white_error_raises_siem_above_its_floor()
    {
        var floor = Column("exact score (no error)", "SIEM 0-999");
        Assert.True(Column("independent, eps=0.3", "SIEM 0-999") > 1.3 * floor);
    }

    [Fact]
    public void The_record_carries_the_spearman_values_and_the_classifier_comparison()
    {
        var names = Quick.Value.Numbers.Select(n => n.Name).ToList();
        Assert.Contains("Spearman SIEM 0-999 vs E W2^2", names);
        Assert.Contains("Spearman SIEM 900-999 vs E W2^2", names);
        Assert.Contains("classifier: SIEM 900-999 classifier / exact", names);
        Assert.Contains(Quick.Value.Tables, t => t.Title.StartsWith("Classifier ratio (Appendix B) against the exact ratio"));
        Assert.All(Quick.Value.Numbers.Where(n => n.Name.StartsWith("Spearman")), n => Assert.InRange(n.Value, -1, 1));
    }
}
