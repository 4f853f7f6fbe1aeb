using ScoreProbe.Cli.Report;

namespace ScoreProbe.Cli.Tests.Report;

public class NumberFormatTests
{
    [Theory]
    [InlineData(0.0, "0")]
    [InlineData(2.0, "2")]
    [InlineData(2.013456, "2.013")]
    [InlineData(-0.00123456, "-0.001235")]
    [InlineData(12345.0, "12345")]
    [InlineData(4.04e-5, "4.04e-5")]
    [InlineData(123456.0, "1.235e+5")]
    [InlineData(double.NaN, "NaN")]
    public void Four_significant_digits_and_scientific_outside_the_readable_range(double value, string expected) =>
        Assert.Equal(expected, NumberFormat.Format(value));
}
