using MathNet.Numerics.Distributions;
using ScoreProbe.Core;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Neural.Evaluation;
using Xunit.Abstractions;

namespace ScoreProbe.Neural.Tests.Evaluation;

/// <summary>
/// The strided SIEM statistic against the paper's every-step computation (scipy's gaussian_filter1d at stride 1).
/// </summary>
public class SiemStatisticTests(ITestOutputHelper output)
{
    private const int T = 1000;

    /// <summary>
    /// Root mean squares over 20000 noise draws of the every-step SIEM and ||mu|| of the reference series, computed with
    /// scipy 1.10.1 / numpy 1.24.2 (Debian) by <c>siem_stride_reference.py</c> next to this file (relative standard errors
    /// below 0.1%).
    /// </summary>
    private static readonly Dictionary<SiemRange, (double Siem, double MuNorm)> ScipyStrideOne = new()
    {
        [SiemRange.Full] = (1.230688, 2.258357),
        [SiemRange.First10] = (0.457982, 0.311894),
    };

    /// <summary>The reference series of the script: <c>3 sin(2 pi t / 200 + 0.3) + 2 t / 1000</c> plus white noise of sd <c>1 + 0.5 t / 999</c>.</summary>
    private static double[] Draw(IReadOnlyList<int> timesteps, Random random) =>
        timesteps.Select(t => 3 * Math.Sin(2 * Math.PI * t / 200 + 0.3) + 2.0 * t / 1000 + (1 + 0.5 * t / 999) * Normal.Sample(random, 0, 1)).ToArray();

    /// <summary>Root mean square SIEM and ||mu|| over <paramref name="draws"/> noise draws at one stride.</summary>
    private static (double Siem, double MuNorm) Expected(SiemRange range, int stride, int draws)
    {
        var options = range == SiemRange.Full ? new SiemOptions(Stride: stride) : new SiemOptions(SiemRange.First10, FirstStride: stride);
        var (timesteps, low) = range == SiemRange.Full ? (options.FullTimesteps(T), 0) : (options.FirstTimesteps(T), T - SiemOptions.FirstRangeLength(T));
        var random = new Random(1000 * stride + (int)range);
        double siem = 0, mu = 0;   // mean squares
        for (var d = 0; d < draws; d++)
        {
            var summary = SiemStatistic.Summarise(timesteps, Draw(timesteps, random), low, T - 1, T, SiemOptions.PaperFilterSigma);
            siem += summary.Siem * summary.Siem / draws;
            mu += summary.MuNorm * summary.MuNorm / draws;
        }
        return (Math.Sqrt(siem), Math.Sqrt(mu));
    }

    /// <summary>
    /// Every allowed stride estimates the every-step SIEM and ||mu||: their root mean squares over noise draws (SIEM^2 is the
    /// quadratic variation the strided sums estimate without bias) within 5% of scipy's stride-1 values. Monte Carlo over
    /// 60 x stride draws (full range) and 400 x stride draws (first 10%, whose ||mu||^2 is noisy at large strides): relative
    /// standard errors under 0.7%.
    /// </summary>
    [Theory]
    [InlineData(SiemRange.Full)]
    [InlineData(SiemRange.First10)]
    public void Expected_siem_at_every_allowed_stride_is_within_five_percent_of_stride_one(SiemRange range)
    {
        var reference = ScipyStrideOne[range];
        var largest = range == SiemRange.Full ? SiemOptions.MaxStride : SiemOptions.MaxFirstStride;
        var report = new List<string>();
        var worst = 0.0;
        for (var stride = 1; stride <= largest; stride++)
        {
            var (siem, mu) = Expected(range, stride, (range == SiemRange.Full ? 60 : 400) * stride);
            var (siemRatio, muRatio) = (siem / reference.Siem, mu / reference.MuNorm);
            report.Add($"{stride}: SIEM {siemRatio:F3}, ||mu|| {muRatio:F3}");
            worst = Math.Max(worst, Math.Max(Math.Abs(siemRatio - 1), Math.Abs(muRatio - 1)));
        }
        output.WriteLine($"{range}: ratio to stride 1 (scipy) per stride: {string.Join("; ", report)}");
        Assert.True(worst < 0.05, $"ratio to stride 1 (scipy) per stride: {string.Join("; ", report)}");
    }

    /// <summary>The old estimator (the same filter, sigma = 10 / stride samples, no correction) loses most of SIEM at stride 20.</summary>
    [Fact]
    public void Filtering_in_samples_without_the_white_correction_loses_most_of_siem_at_large_strides()
    {
        var timesteps = new SiemOptions(Stride: 20).FullTimesteps(T);
        var random = new Random(7);
        var naive = 0.0;
        const int draws = 300;
        for (var d = 0; d < draws; d++)
        {
            var xi = Draw(timesteps, random);
            var mu = GaussianFilter1D.Apply(xi, SiemOptions.PaperFilterSigma / 20);
            naive += Math.Sqrt(xi.Zip(mu, (x, m) => (x - m) * (x - m)).Sum() * 20 / T) / draws;
        }
        Assert.InRange(naive / ScipyStrideOne[SiemRange.Full].Siem, 0.2, 0.35);
    }

    [Fact]
    public void At_stride_one_the_statistic_is_scipys_filter_and_the_plain_sums()
    {
        var timesteps = Enumerable.Range(0, 100).Select(k => 999 - k).ToArray();
        var xi = Draw(timesteps, new Random(3));
        var summary = SiemStatistic.Summarise(timesteps, xi, 900, 999, T, 10);
        var mu = GaussianFilter1D.Apply(xi, 10);
        for (var i = 0; i < xi.Length; i++) Assert.Equal(mu[i], summary.Mu[i], 12);
        Assert.Equal(Math.Sqrt(xi.Zip(mu, (x, m) => (x - m) * (x - m)).Sum() / T), summary.Siem, 12);
        Assert.Equal(Math.Sqrt(mu.Sum(m => m * m) / T), summary.MuNorm, 12);
    }

    [Fact]
    public void Constant_series_has_no_fluctuation_and_its_level_as_bias()
    {
        var timesteps = new SiemOptions(Stride: 10).FullTimesteps(T);
        var summary = SiemStatistic.Summarise(timesteps, Enumerable.Repeat(0.3, timesteps.Count).ToArray(), 0, 999, T, 10);
        Assert.Equal(0, summary.Siem, 12);
        Assert.Equal(0.3, summary.MuNorm, 12);
    }

    [Theory]
    [InlineData(SiemRange.Full)]
    [InlineData(SiemRange.First10)]
    public void Strides_beyond_the_largest_allowed_are_refused_naming_the_stride_and_the_limit(SiemRange range)
    {
        var (options, parameter, largest) = range == SiemRange.Full
            ? (new SiemOptions(Stride: SiemOptions.MaxStride + 1), "stride", SiemOptions.MaxStride)
            : (new SiemOptions(FirstStride: SiemOptions.MaxFirstStride + 1), "stride-first", SiemOptions.MaxFirstStride);
        var error = Assert.Throws<InvalidConfigurationException>(() => options.Validate(T));
        Assert.Equal(parameter, error.Parameter);
        Assert.Contains($"got {largest + 1}", error.Problem);
        Assert.Contains($"is {largest}", error.Problem);
        (range == SiemRange.Full ? options with { Stride = largest } : options with { FirstStride = largest }).Validate(T);
    }

    [Theory]
    [InlineData(1e308)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NaN)]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(1e-9)]
    public void Eps_l_outside_its_range_is_refused_by_name(double epsL)
    {
        var error = Assert.Throws<InvalidConfigurationException>(() => new SiemOptions(EpsilonL: epsL).Validate(T));
        Assert.Equal("eps-l", error.Parameter);
    }
}
