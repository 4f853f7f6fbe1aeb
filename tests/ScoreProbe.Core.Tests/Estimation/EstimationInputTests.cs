using System.Text;
using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Core.Tests.Estimation;

/// <summary>Issue 14: residual inputs and settings that overflowed, ran out of memory or echoed raw bytes are one-line input errors.</summary>
public class EstimationInputTests
{
    private static readonly ResidualSet Set = new SyntheticResidualModel(Times: 4, Repetitions: 12, Batch: 4, Dim: 1, Rho: 0.5).Sample(3);

    [Fact]
    public void Binary_garbage_read_as_csv_is_described_not_echoed()
    {
        var garbage = new byte[512];
        new Random(1).NextBytes(garbage);
        garbage[0] = 0xFF;
        var e = Assert.Throws<ResidualFormatException>(() => ResidualCsv.Read(new StreamReader(new MemoryStream(garbage), Encoding.UTF8)));
        Assert.Contains("(binary data, not text)", e.Message);
        Assert.DoesNotContain(e.Message, c => char.IsControl(c) || c == '\uFFFD');
    }

    [Fact]
    public void A_repetition_index_near_int_max_is_a_missing_row_not_an_overflow()
    {
        const string csv = "rep,time_index,t,x_0,r_0\n2147483646,0,0.5,1,2\n2147483646,0,0.5,2,3\n";
        var e = Assert.Throws<ResidualFormatException>(() => ResidualCsv.Read(new StringReader(csv)));
        Assert.StartsWith("no rows for rep 0, time_index 0", e.Message);
    }

    [Fact]
    public void A_non_finite_binary_value_names_its_byte_offset()
    {
        var bytes = ResidualBinary.Write(Set);
        BitConverter.TryWriteBytes(bytes.AsSpan(24 + 8 * 4 + 8), double.NaN);
        var e = Assert.Throws<ResidualFormatException>(() => ResidualBinary.Read(bytes));
        Assert.StartsWith($"byte {24 + 8 * 4 + 8}: NaN", e.Message);
    }

    [Fact]
    public void Values_near_the_double_range_give_an_input_error_instead_of_nan_or_an_eigen_crash()
    {
        var csv = new StringWriter();
        ResidualCsv.Write(Set, csv);
        var lines = csv.ToString().Split('\n');
        lines[5] = string.Join(',', lines[5].Split(',')[..4].Append("1e308"));
        var set = ResidualCsv.Read(new StringReader(string.Join('\n', lines)));
        var e = Assert.Throws<InvalidConfigurationException>(() => ResidualCovarianceAnalysis.Run(set, new CovarianceAnalysisOptions()));
        Assert.Equal("residuals", e.Parameter);
        Assert.Contains("non-finite", e.Problem);
    }

    [Fact]
    public void A_bootstrap_beyond_its_budget_is_refused_before_any_resample()
    {
        var huge = Assert.Throws<InvalidConfigurationException>(() => ResidualCovarianceAnalysis.Run(Set, new CovarianceAnalysisOptions(BootstrapResamples: int.MaxValue)));
        Assert.Equal("bootstrap-resamples", huge.Parameter);
        // R = 12, m p = 4 x 2 = 8: 1e6 resamples are 7.7e8 multiply-adds, inside the budget; a 200-repetition,
        // m p = 48 set is 4.6e11, over it, and the message says how many fit.
        var wide = new SyntheticResidualModel(Times: 8, Repetitions: 200, Batch: 4, Dim: 2, Rho: 0.5).Sample(1);
        var over = Assert.Throws<InvalidConfigurationException>(() => new CovarianceAnalysisOptions(BootstrapResamples: 1_000_000).Validate(wide));
        Assert.Equal("bootstrap-resamples", over.Parameter);
        Assert.Contains($"use at most {Math.Floor(CovarianceAnalysisOptions.BootstrapWorkBudget / (200.0 * 48 * 48))} resamples", over.Problem);
        new CovarianceAnalysisOptions(BootstrapResamples: 1_000_000).Validate(Set);
    }

    [Theory]
    [InlineData(int.MaxValue, 4, 4, 1, "times")]
    [InlineData(3, int.MaxValue, 4, 1, "repetitions")]
    [InlineData(3, 4, int.MaxValue, 1, "batch")]
    [InlineData(3, 4, 4, int.MaxValue, "dim")]
    [InlineData(3, 1, 4, 1, "repetitions")]
    public void Synthetic_sets_too_large_for_memory_or_too_small_to_estimate_are_refused(int times, int reps, int batch, int dim, string parameter)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => new SyntheticResidualModel(times, reps, batch, dim, 0.5).Sample(1));
        Assert.Equal(parameter, e.Parameter);
    }

    [Fact]
    public void Collinear_states_without_a_ridge_ask_for_one()
    {
        var states = MathNet.Numerics.LinearAlgebra.Matrix<double>.Build.DenseOfArray(new double[,] { { 1, 2 }, { 2, 4 }, { 3, 6 } });
        var e = Assert.Throws<InvalidConfigurationException>(() => RidgeAffineFit.Fit(states, states, 0, diagonalDelta: false));
        Assert.Equal("ridge", e.Parameter);
        Assert.True(double.IsFinite(RidgeAffineFit.Fit(states, states, 1e-3, diagonalDelta: false).Delta[0, 0]));
    }
}
