using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>
/// With the exact noise predictor of a Gaussian target, <c>eps*(x, t) = sqrt(1 - abar) Sigma_t^{-1}(x - m_t)</c>,
/// DDPM and DDIM sampling reproduce the forward marginals along the way and the data distribution at the end.
/// </summary>
public class SamplerTests
{
    private sealed class ExactGaussianNoise(GaussianDataset target, NoiseSchedule schedule) : NoisePredictor(nameof(ExactGaussianNoise))
    {
        public override ModelConfig Config { get; } = new MlpConfig((int)target.SampleShape[0]);

        public override IEnumerable<Tensor> OutputParameters() => [];

        public override Tensor forward(Tensor x, Tensor t)
        {
            var step = (int)t[0].item<long>();
            var a2 = schedule.AlphasCumprod[step];
            var d = target.Mean.Count;
            var precision = (target.Covariance * a2 + Matrix<double>.Build.DenseIdentity(d) * (1 - a2)).Inverse();
            using var mean = tensor((target.Mean * Math.Sqrt(a2)).ToArray(), ScalarType.Float64);
            using var p = tensor(precision.ToRowMajorArray(), ScalarType.Float64).reshape(d, d);
            return (x.to(ScalarType.Float64) - mean).matmul(p).mul(Math.Sqrt(1 - a2)).to(x.dtype);
        }
    }

    private static (double[] Mean, double[,] Covariance) Moments(Tensor samples)
    {
        var x = samples.to(ScalarType.Float64);
        var mean = x.mean([0]);
        var centred = x - mean;
        var covariance = centred.T.matmul(centred) / (x.shape[0] - 1);
        var c = covariance.data<double>().ToArray();
        return (mean.data<double>().ToArray(), new[,] { { c[0], c[1] }, { c[2], c[3] } });
    }

    [Theory]
    [InlineData("ddpm", 1000)]
    [InlineData("ddim", 1000)]
    [InlineData("ddim", 250)]
    public void ExactScoreSamplesMatchTheTargetAndTheTrajectoryMatchesTheMarginals(string kind, int steps)
    {
        var target = DatasetSpec.Gaussian(2);
        var schedule = NoiseSchedule.Default;
        IDiffusionScheduler scheduler = kind == "ddpm"
            ? new DdpmScheduler(schedule, clipSample: false)
            : new DdimScheduler(schedule, clipSample: false);
        using var model = new ExactGaussianNoise(target, schedule);
        const int n = 8000;
        var capture = scheduler.Timesteps(steps).Where((_, k) => k == steps / 2).ToArray();
        using var result = new Sampler(scheduler).Sample(model, n, steps, seed: 9, captureAt: capture, batchSize: n);

        Assert.Equal(new long[] { n, 2 }, result.Samples.shape);
        // Sample moments: standard error of a mean is sqrt(C_ii / n) <= 0.011; 5 of them bound the check.
        var (mean, covariance) = Moments(result.Samples);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(target.Mean[i], mean[i], 0.06);
            for (var j = 0; j < 2; j++) Assert.Equal(target.Covariance[i, j], covariance[i, j], 0.06);
        }

        var t = Assert.Single(result.Trajectory.Keys);
        var a2 = schedule.AlphasCumprod[t];
        var (midMean, midCovariance) = Moments(result.Trajectory[t]);
        for (var i = 0; i < 2; i++)
        {
            Assert.Equal(Math.Sqrt(a2) * target.Mean[i], midMean[i], 0.06);
            for (var j = 0; j < 2; j++)
                Assert.Equal(a2 * target.Covariance[i, j] + (i == j ? 1 - a2 : 0), midCovariance[i, j], 0.06);
        }
    }
}
