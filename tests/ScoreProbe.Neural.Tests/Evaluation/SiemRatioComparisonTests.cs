using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using Xunit.Abstractions;

namespace ScoreProbe.Neural.Tests.Evaluation;

/// <summary>The classifier ratio of Appendix B against the exact Gaussian ratio, inside SIEM.</summary>
public class SiemRatioComparisonTests(ITestOutputHelper output)
{
    private static readonly GaussianDataset Data = DatasetSpec.Gaussian(4);

    private static SiemRatioComparison Compare(IDensityRatioEstimator candidate, Func<GaussianNoisePredictor, GaussianRatioEstimator> exact, int count, int repeats)
    {
        var schedule = NoiseSchedule.Default;
        using var model = (GaussianNoisePredictor)new GaussianNoiseConfig(Data, schedule, ErrorAmplitude: 0.4, ErrorSeed: 17).Build();
        var evaluator = new SiemEvaluator(schedule, new SiemOptions(SiemRange.First10, FirstStride: 10), exact(model));
        using var trajectory = evaluator.Sample(model, count, seed: 3);
        return SiemRatioComparison.Run(evaluator, model, Data, trajectory, exact(model), candidate, repeats, seed: 5);
    }

    /// <summary>The exact ratio compared with itself: the same points and noise, so every difference is exactly zero.</summary>
    [Fact]
    public void The_exact_ratio_against_itself_has_no_bias_and_no_spread()
    {
        var same = Compare(new GaussianRatioEstimator(Data, NoiseSchedule.Default), _ => new GaussianRatioEstimator(Data, NoiseSchedule.Default), 200, 2);
        Assert.All(same.Points, p => Assert.Equal(0, p.XiBias, 12));
        Assert.All(same.Points, p => Assert.Equal(0, p.XiStd, 12));
        Assert.All(same.Points, p => Assert.Equal(0, p.RatioBias, 12));
        Assert.Equal(same.First10.SiemExact, same.First10.SiemClassifierMean, 12);
    }

    /// <summary>
    /// The Gaussian fit to the sampled states (<c>--ratio exact</c>) against the exact law of the states: deterministic (no
    /// spread), and its error in r falls like 1/sqrt(n), the sampling error of a mean and covariance: eight times the states,
    /// at most 0.6 of the error (1/sqrt(8) = 0.35 expected).
    /// </summary>
    [Fact]
    public void The_gaussian_fit_to_the_states_converges_to_the_exact_law()
    {
        SiemRatioComparison Fit(int count) => Compare(new GaussianRatioEstimator(Data, NoiseSchedule.Default),
            model => GaussianRatioEstimator.ForAffineModel(model, Data, NoiseSchedule.Default), count, 2);
        var (few, many) = (Fit(400), Fit(3200));
        Assert.All(few.Points, p => Assert.Equal(0, p.XiStd, 12));
        var shrink = many.Points.Average(p => p.RatioRelativeError) / few.Points.Average(p => p.RatioRelativeError);
        output.WriteLine($"mean |r_fit - r| / r: n = 400 {few.Points.Average(p => p.RatioRelativeError):F4}, n = 3200 {many.Points.Average(p => p.RatioRelativeError):F4}");
        Assert.InRange(shrink, 0.15, 0.6);
    }

    /// <summary>
    /// Appendix B's classifier on 1000 states and 1000 noised data points per step: <c>E_v[r_hat] = 1 + RatioBias</c> must stay
    /// near <c>E_v[u/v] = 1</c> (within 0.15) at every step, its fits differ (positive spread of xi), and the record carries the
    /// exact KL between the two classes.
    /// </summary>
    [Fact]
    public void Classifier_ratio_keeps_the_mean_ratio_near_one_and_its_spread_is_measured()
    {
        var comparison = Compare(new ClassifierRatioEstimator(), model => GaussianRatioEstimator.ForAffineModel(model, Data, NoiseSchedule.Default), 1000, 2);
        foreach (var p in comparison.Points)
            output.WriteLine($"t {p.Timestep}: KL {p.KlGeneratedToData:E2}, xi {p.XiExact:E3}, bias {p.XiBias:E2}, sd {p.XiStd:E2}, r bias {p.RatioBias:F3}, r rel {p.RatioRelativeError:F3}, log rmse {p.LogRatioRmse:F3}, loss {p.ValidationLoss:F3}");
        output.WriteLine($"SIEM exact {comparison.First10.SiemExact:E3}, classifier {comparison.First10.SiemClassifierMean:E3} +- {comparison.First10.SiemClassifierStd:E2}");
        Assert.All(comparison.Points, p => Assert.InRange(p.RatioBias, -0.15, 0.15));
        Assert.All(comparison.Points, p => Assert.True(p.XiStd > 0));
        Assert.All(comparison.Points, p => Assert.InRange(p.KlGeneratedToData, 0, 1));
    }
}
