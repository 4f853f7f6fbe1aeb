using ScoreProbe.Cli.Experiments;
using ScoreProbe.Cli.Report;
using ScoreProbe.Neural.Evaluation;

namespace ScoreProbe.Cli.Tests.Experiments;

/// <summary>The study's record on metrics with known rank structure: pooled against per-data-set Spearman, seeds, n.</summary>
public class StudyRecordTests
{
    /// <summary>
    /// Data set A: SIEM = FID = 1..8; data set B: FID = 9..16 but SIEM = -8..-1. Within each set the ranks agree (rho = 1);
    /// pooled, SIEM ranks A 9..16 and B 1..8 while FID ranks A 1..8 and B 9..16, so every rank differs by 8 and
    /// rho = 1 - 6 * 16 * 8^2 / (16 (16^2 - 1)) = 1 - 384/255 = -0.50588.
    /// </summary>
    private static List<CheckpointMetrics> TwoDataSets(int seeds, int samples = 100) =>
    [
        .. from seed in Enumerable.Range(0, seeds)
           from k in Enumerable.Range(1, 8)
           from data in new[] { "a", "b" }
           let fid = data == "a" ? k : k + 8
           let siem = data == "a" ? k : k - 9
           select new CheckpointMetrics($"run-{data}", data, 100 * k, (ulong)seed, samples, siem, siem, siem, siem, fid, -fid),
    ];

    private static NumberRecord Number(ExperimentRecord record, string name) => record.Numbers.Single(n => n.Name == name);

    [Fact]
    public void Pooled_Spearman_ranks_all_models_together_while_each_data_set_keeps_its_own()
    {
        var record = StudyRecord.Build(TwoDataSets(seeds: 3), samples: 100);
        Assert.Equal(1 - 384.0 / 255, Number(record, "Spearman SIEM–FID (0-999), pooled").Value, 12);
        Assert.Equal(1.0, Number(record, "Spearman SIEM–FID (0-999), a").Value, 12);
        Assert.Equal(1.0, Number(record, "Spearman SIEM–FID (900-999), b").Value, 12);
        // W2 = -FID: FID–W2 is exactly -1 in every resample, so its bootstrap interval is the point.
        var fidW2 = Number(record, "Spearman FID–W2, pooled");
        Assert.Equal(-1.0, fidW2.Value, 12);
        Assert.Equal(-1.0, fidW2.Lower!.Value, 12);
        Assert.Equal(-1.0, fidW2.Upper!.Value, 12);
        // Identical seeds: no spread over seeds.
        var seeds = record.Tables.Single(t => t.Title.StartsWith("Spearman correlations per evaluation seed", StringComparison.Ordinal));
        Assert.Contains("3 seeds", seeds.Title);
        Assert.All(seeds.Rows, row => Assert.Equal(0.0, row[2].Number!.Value, 12));
        Assert.False(record.Verdict.Reproduced);
    }

    [Fact]
    public void The_bootstrap_interval_of_a_noisy_correlation_covers_its_estimate_and_shrinks_with_more_models()
    {
        // FID = k + noise that swaps neighbours: a strong but imperfect rank agreement.
        static List<CheckpointMetrics> Noisy(int models) =>
        [
            .. Enumerable.Range(0, models).Select(k => new CheckpointMetrics("run", "a", k + 1, 0, 100,
                k + (k % 2 == 0 ? 1.5 : -1.5), 1, 1, 1, k, k)),
        ];
        var small = Number(StudyRecord.Build(Noisy(12), 100), "Spearman SIEM–FID (0-999), pooled");
        var large = Number(StudyRecord.Build(Noisy(48), 100), "Spearman SIEM–FID (0-999), pooled");
        foreach (var number in new[] { small, large })
            Assert.InRange(number.Value, number.Lower!.Value, number.Upper!.Value);
        Assert.True(large.Upper - large.Lower < small.Upper - small.Lower,
            $"interval width {large.Upper - large.Lower} with 48 models, {small.Upper - small.Lower} with 12");
    }

    [Fact]
    public void Every_sample_count_gets_its_own_pooled_correlations()
    {
        var record = StudyRecord.Build([.. TwoDataSets(seeds: 1, samples: 50), .. TwoDataSets(seeds: 1, samples: 100)], samples: 100);
        var table = record.Tables.Single(t => t.Title.StartsWith("How the pooled correlations move", StringComparison.Ordinal));
        Assert.Equal([50.0, 100.0], table.Rows.Select(r => r[0].Number!.Value).Distinct());
        Assert.All(table.Rows.Where(r => r[1].Text == "SIEM – FID"), r => Assert.Equal(1 - 384.0 / 255, r[2].Number!.Value, 12));
        Assert.Contains(record.Figures, f => f.Id == "spearman-vs-n");
    }
}
