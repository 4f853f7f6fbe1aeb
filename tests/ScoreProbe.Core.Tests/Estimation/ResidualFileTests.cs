using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Core.Tests.Estimation;

public class ResidualFileTests
{
    private static readonly ResidualSet Set = new SyntheticResidualModel(Times: 3, Repetitions: 2, Batch: 4, Dim: 2, Rho: 0.5).Sample(11);

    private static void AssertSame(ResidualSet expected, ResidualSet actual)
    {
        Assert.Equal(expected.Times, actual.Times);
        Assert.Equal((expected.Repetitions, expected.Batch, expected.Dim), (actual.Repetitions, actual.Batch, actual.Dim));
        for (var r = 0; r < expected.Repetitions; r++)
            for (var a = 0; a < expected.TimeCount; a++)
                for (var j = 0; j < expected.Batch; j++)
                {
                    Assert.Equal(expected.State(r, a, j).ToArray(), actual.State(r, a, j).ToArray());
                    Assert.Equal(expected.Residual(r, a, j).ToArray(), actual.Residual(r, a, j).ToArray());
                }
    }

    [Fact]
    public void Csv_round_trip_is_exact()
    {
        var writer = new StringWriter();
        ResidualCsv.Write(Set, writer);
        AssertSame(Set, ResidualCsv.Read(new StringReader(writer.ToString())));
    }

    [Fact]
    public void Binary_round_trip_is_exact_and_has_the_documented_size()
    {
        var bytes = ResidualBinary.Write(Set);
        Assert.Equal(24 + 8 * 3 + 16 * 2 * 3 * 4 * 2, bytes.Length);
        AssertSame(Set, ResidualBinary.Read(bytes));
    }

    [Fact]
    public void Malformed_csv_row_names_its_line()
    {
        const string csv = "rep,time_index,t,x_0,r_0\n0,0,0.5,1.0,2.0\n0,1,1.0,abc,2.0\n";
        var e = Assert.Throws<ResidualFormatException>(() => ResidualCsv.Read(new StringReader(csv)));
        Assert.StartsWith("line 3:", e.Message);
    }

    [Fact]
    public void Unequal_batches_are_rejected()
    {
        const string csv = "rep,time_index,t,x_0,r_0\n0,0,0.5,1,2\n0,0,0.5,1,2\n1,0,0.5,1,2\n";
        Assert.Throws<ResidualFormatException>(() => ResidualCsv.Read(new StringReader(csv)));
    }

    [Fact]
    public void Truncated_binary_is_rejected()
    {
        var bytes = ResidualBinary.Write(Set);
        Assert.Throws<ResidualFormatException>(() => ResidualBinary.Read(bytes.AsSpan(0, bytes.Length - 8)));
    }
}
