using ScoreProbe.Cli.Experiments;

namespace ScoreProbe.Cli.Tests.Experiments;

/// <summary>
/// The quick experiments reproduce paper 000's qualitative claims; each verdict is a set of numeric checks (slopes in ranges,
/// predictions inside Monte Carlo intervals, flat diagonal-only predictor), asserted here one by one.
/// </summary>
public class ExperimentTests
{
    /// <summary>Paper 000's experiments; siem-truth's verdict is a measured answer, asserted in <see cref="SiemTruthExperimentTests"/>.</summary>
    public static TheoryData<string> Names() => new(ExperimentCatalog.All.Select(e => e.Name).Where(n => n != "siem-truth"));

    [Theory]
    [MemberData(nameof(Names))]
    public void QuickExperimentReproducesItsClaim(string name)
    {
        var experiment = ExperimentCatalog.Select(name).Single();
        var record = experiment.Run(new ExperimentSettings(Quick: true, Seed: 0), _ => { });
        Assert.NotEmpty(record.Verdict.Checks);
        Assert.All(record.Verdict.Checks, c => Assert.True(c.Passed, $"{c.Name} = {c.Value} (wanted {c.Target})"));
        Assert.True(record.Verdict.Reproduced);
        Assert.NotEmpty(record.Figures);
    }

    [Fact]
    public void AblationNumbersShowTheCorrelationEffect()
    {
        var record = new AblationExperiment().Run(new ExperimentSettings(true, 1), _ => { });
        var rise = record.Numbers.Single(n => n.Name == "Q(0.99)/Q(0)").Value;
        var spread = record.Numbers.Single(n => n.Name == "diagonal-only spread").Value;
        Assert.True(rise > 5, $"measured Q rises only {rise}x");
        Assert.True(spread < 1e-9, $"diagonal-only predictor moved by {spread}");
    }

    [Fact]
    public void SolverResidualSlopesMatchTheirOrders()
    {
        var record = new SolversExperiment().Run(new ExperimentSettings(true, 0), _ => { });
        foreach (var (name, order) in new[] { ("em", 1.0), ("heun", 2.0), ("rk4", 4.0) })
            Assert.InRange(record.Numbers.Single(n => n.Name == $"slope {name}").Value, order - 0.3, order + 0.6);
    }
}
