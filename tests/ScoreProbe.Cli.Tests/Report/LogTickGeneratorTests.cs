using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Tests.Report;

public class LogTickGeneratorTests
{
    [Fact]
    public void Wide_ranges_get_powers_of_ten_with_superscript_labels_and_log_minor_ticks()
    {
        var ticks = LogTickGenerator.Generate(-5.2, -0.1);

        var majors = ticks.Where(t => t.IsMajor).ToArray();
        Assert.Equal([-5.0, -4, -3, -2, -1], majors.Select(t => t.Position));
        Assert.Equal("10⁻⁵", majors[0].Label);
        Assert.Contains(ticks, t => !t.IsMajor && Math.Abs(t.Position - (-3 + Math.Log10(2))) < 1e-12);
    }

    [Fact]
    public void Narrow_ranges_get_one_two_five_ticks_labelled_with_their_values()
    {
        var majors = LogTickGenerator.Generate(-3.05, -1.95).Where(t => t.IsMajor).ToArray();

        Assert.Equal(["0.001", "0.002", "0.005", "0.01"], majors.Select(t => t.Label));
        Assert.Equal(Math.Log10(0.002), majors[1].Position, 12);
    }

    [Theory]
    [InlineData(0, "1")]
    [InlineData(1, "10")]
    [InlineData(2, "10²")]
    [InlineData(-12, "10⁻¹²")]
    [InlineData(7, "10⁷")]
    public void Powers_of_ten_are_written_with_superscripts(int exponent, string expected) =>
        Assert.Equal(expected, LogTickGenerator.PowerOfTen(exponent));
}
