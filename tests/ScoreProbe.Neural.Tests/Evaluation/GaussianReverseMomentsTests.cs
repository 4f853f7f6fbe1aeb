using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Evaluation;

/// <summary>The exact law of the DDPM states of an affine noise predictor against the states the sampler draws.</summary>
public class GaussianReverseMomentsTests
{
    /// <summary>
    /// 4000 sampled states (exact score plus a white error, so the states drift off v_t) at five timesteps: every mean entry
    /// within 4.5 standard errors of the propagated mean, every covariance entry within 4.5 standard errors
    /// (<c>sqrt((S_ii S_jj + S_ij^2) / n)</c>) of the propagated covariance.
    /// </summary>
    [Fact]
    public void Propagated_moments_match_the_sampled_states_within_their_standard_errors()
    {
        var data = DatasetSpec.Gaussian(3);
        var schedule = NoiseSchedule.Default;
        using var model = (GaussianNoisePredictor)new GaussianNoiseConfig(data, schedule, ErrorAmplitude: 0.3, ErrorSeed: 5).Build();
        int[] timesteps = [999, 900, 500, 100, 0];
        const int n = 4000;
        using var run = new Sampler(new DdpmScheduler(schedule, clipSample: false)).Sample(model, n, schedule.Length, seed: 11, captureAt: timesteps);
        var exact = GaussianReverseMoments.Propagate(model, schedule);
        foreach (var t in timesteps)
        {
            var (mean, covariance) = exact[t];
            using var rows = run.Trajectory[t].to(ScalarType.Float64);
            var sampleMean = rows.mean([0]).data<double>().ToArray();
            using var centred = rows - rows.mean([0], keepdim: true);
            var sampleCovariance = (centred.t().matmul(centred) / (n - 1)).data<double>().ToArray();
            for (var i = 0; i < 3; i++)
            {
                var meanError = Math.Sqrt(covariance[i, i] / n);
                Assert.True(Math.Abs(sampleMean[i] - mean[i]) < 4.5 * meanError, $"t = {t}, mean[{i}]: sampled {sampleMean[i]:F4}, exact {mean[i]:F4}");
                for (var j = 0; j < 3; j++)
                {
                    var error = Math.Sqrt((covariance[i, i] * covariance[j, j] + covariance[i, j] * covariance[i, j]) / n);
                    Assert.True(Math.Abs(sampleCovariance[i * 3 + j] - covariance[i, j]) < 4.5 * error,
                        $"t = {t}, cov[{i},{j}]: sampled {sampleCovariance[i * 3 + j]:F4}, exact {covariance[i, j]:F4}");
                }
            }
        }
    }

    /// <summary>With the exact score the reverse process tracks v_t: KL(u_t || v_t) stays below 1e-3 along the way.</summary>
    [Fact]
    public void Exact_score_keeps_the_states_on_the_noised_data()
    {
        var data = DatasetSpec.Gaussian(3);
        var schedule = NoiseSchedule.Default;
        using var model = (GaussianNoisePredictor)new GaussianNoiseConfig(data, schedule).Build();
        var ratio = GaussianRatioEstimator.ForAffineModel(model, data, schedule);
        foreach (var t in new[] { 999, 500, 100, 10, 0 })
        {
            var (meanU, covU) = ratio.GeneratedStates(t);
            var (meanV, covV) = ratio.NoisedData(t);
            Assert.InRange(SiemRatioComparison.GaussianKl(meanU, covU, meanV, covV), 0, 1e-3);
        }
    }
}
