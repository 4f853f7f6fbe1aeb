using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Evaluation;

/// <summary>SIEM (seed 004 §6) in the Gaussian setting, where the score and the density ratio are known exactly.</summary>
public class SiemTests
{
    private static readonly GaussianDataset Data = DatasetSpec.Gaussian(4);

    private static SiemResult Siem(double amplitude, IDensityRatioEstimator? ratio = null, int count = 2000)
    {
        var schedule = NoiseSchedule.Default;
        using var model = new GaussianNoiseConfig(Data, schedule, amplitude, ErrorSeed: 17).Build();
        var evaluator = new SiemEvaluator(schedule, new SiemOptions(Stride: 10, FirstStride: 5), ratio ?? new GaussianRatioEstimator(Data, schedule));
        return evaluator.Evaluate(model, Data, count, seed: 3);
    }

    /// <summary>
    /// With the exact Gaussian score, <c>s + z/b = (z - E[z | x_t]) / b</c> has zero mean against any function of x_t, so
    /// xi is Monte Carlo noise only; a rough (white-in-time) score error adds a fluctuation proportional to its size.
    /// Same seeds for every amplitude (common random numbers), so the comparison is between error sizes, not draws.
    /// </summary>
    [Fact]
    public void Siem_is_near_zero_for_the_exact_score_and_grows_with_rough_score_noise()
    {
        double[] amplitudes = [0, 0.1, 0.2, 0.4, 0.8];
        var results = amplitudes.Select(a => Siem(a)).ToArray();
        var full = results.Select(r => r.Full!.Siem).ToArray();
        var first = results.Select(r => r.First10.Siem).ToArray();

        for (var k = 1; k < amplitudes.Length; k++)
        {
            Assert.True(full[k] > full[k - 1], $"full-range SIEM not increasing: {string.Join(", ", full.Select(v => v.ToString("E3")))}");
            Assert.True(first[k] > first[k - 1], $"first-10% SIEM not increasing: {string.Join(", ", first.Select(v => v.ToString("E3")))}");
        }
        Assert.True(full[0] < 0.2 * full[3], $"exact-score SIEM {full[0]:E3} vs {full[3]:E3} at amplitude 0.4");
        // Far above the Monte Carlo floor the fluctuation is linear in the error size: doubling 0.4 -> 0.8 doubles SIEM.
        Assert.True(full[4] / full[3] is > 1.7 and < 2.3, $"SIEM(0.8) / SIEM(0.4) = {full[4] / full[3]:F3}");
        Assert.All(results[0].Points, p => Assert.InRange(p.MeanRatio, 0.9, 1.1));
    }

    /// <summary>
    /// The classifier estimator of Appendix B (4000 samples per class, default training) against the exact ratio of two
    /// Gaussians a KL of about 0.1 apart, on fresh draws of v: mean absolute error under 15% of the mean ratio,
    /// E_v[r_hat] within 10% of E_v[u/v] = 1, and a validation loss below log 2 (it does tell u from v).
    /// </summary>
    [Fact]
    public void Classifier_ratio_is_close_to_the_exact_Gaussian_ratio()
    {
        var mean = Vector<double>.Build.DenseOfArray([0.3, -0.2]);
        var u = new GaussianDataset(mean, Matrix<double>.Build.DenseOfArray(new[,] { { 1.2, 0.2 }, { 0.2, 0.9 } }));
        var v = new GaussianDataset(Vector<double>.Build.Dense(2), Matrix<double>.Build.DenseIdentity(2));
        using var generator = new Generator(4);
        var (fromU, fromV, probe) = (u.Sample(4000, generator), v.Sample(4000, generator), v.Sample(4000, generator));

        using var classifier = new ClassifierRatioEstimator().Fit(fromU, fromV, 500, seed: 1);
        using var exact = new GaussianDensityRatio(u.Mean, u.Covariance, v.Mean, v.Covariance);
        var estimated = classifier.LogRatio(probe).exp();
        var truth = exact.LogRatio(probe).exp();

        var relativeL1 = (estimated - truth).abs().mean().item<double>() / truth.mean().item<double>();
        var meanRatio = estimated.mean().item<double>();
        Assert.True(relativeL1 < 0.15, $"mean |r_hat - r| / mean r = {relativeL1:F3}");
        Assert.InRange(meanRatio, 0.9, 1.1);   // E_v[u/v] = 1
        Assert.InRange(classifier.ValidationLoss!.Value, 0.55, Math.Log(2));
    }
}
