using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>
/// A noise-prediction MLP trained on a 2-D Gaussian approaches the exact score
/// <c>s_t(x) = -Sigma_t^{-1}(x - m_t)</c>, <c>m_t = a mu</c>, <c>Sigma_t = a^2 C + (1 - a^2) I</c>, <c>a = sqrt(abar_t)</c>.
/// </summary>
public class GaussianScoreTests
{
    private static readonly int[] EvaluationTimes = [50, 200, 400, 700, 950];

    /// <summary>
    /// Relative error of the implied score in noise units, averaged over <see cref="EvaluationTimes"/>:
    /// <c>E|eps_hat(x,t) - eps*(x,t)|^2 / E|eps*(x,t)|^2</c> with <c>eps* = -sqrt(1 - abar) s_t = sqrt(1-abar) Sigma_t^{-1}(x - m_t)</c>,
    /// x drawn from the exact marginal p_t.
    /// </summary>
    private static double RelativeScoreError(NoisePredictor model, GaussianDataset data, NoiseSchedule schedule)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        using var generator = new Generator(12345);
        var (errorSum, normSum) = (0.0, 0.0);
        foreach (var t in EvaluationTimes)
        {
            var a2 = schedule.AlphasCumprod[t];
            var sigma = data.Covariance * a2 + Matrix<double>.Build.DenseIdentity(2) * (1 - a2);
            var precision = sigma.Inverse();
            var mean = data.Mean * Math.Sqrt(a2);
            var x0 = data.Sample(4096, generator);
            var x = schedule.AddNoise(x0, randn(x0.shape, generator: generator), full(4096, t, ScalarType.Int64));
            var centred = x - tensor(mean.Select(v => (float)v).ToArray());
            var exactEps = centred.matmul(tensor(precision.ToRowMajorArray().Select(v => (float)v).ToArray()).reshape(2, 2))
                .mul(Math.Sqrt(1 - a2));
            var predicted = model.forward(x, full(4096, t, ScalarType.Int64));
            errorSum += (predicted - exactEps).pow(2).sum(1).mean().item<float>();
            normSum += exactEps.pow(2).sum(1).mean().item<float>();
        }
        return errorSum / normSum;
    }

    [Fact]
    public void TrainedScoreApproachesTheExactGaussianScore()
    {
        var data = DatasetSpec.Gaussian(2);
        var config = new TrainingConfig
        {
            Data = "gaussian:2", ModelName = "mlp", Model = new MlpConfig(2, Width: 64, Depth: 2), Steps = 600, BatchSize = 256,
            LearningRate = 3e-3, WarmupSteps = 20, Seed = 3, Checkpoints = [1, 50, 200, 600],
        };
        using var run = new TempDirectory();
        new Trainer(config, data).Run(run.Path, resume: false);

        var errors = config.Checkpoints.Select(step =>
        {
            using var checkpoint = Checkpoint.Load(Path.Combine(run.Path, "checkpoints", Checkpoint.FileName(step)));
            return RelativeScoreError(checkpoint.Model, data, NoiseSchedule.Default);
        }).ToArray();

        // Step 1 runs at learning rate 0 (first warm-up step), so its checkpoint holds the untrained network.
        var trace = string.Join(", ", errors.Select(e => e.ToString("G3")));
        Assert.True(errors[0] > 0.5, $"untrained relative score error should be O(1): {trace}");
        Assert.True(errors.Zip(errors.Skip(1)).All(p => p.Second < 0.7 * p.First), $"score error must shrink with training: {trace}");
        Assert.True(errors[^1] < 0.005, $"after 600 steps the relative score error should be < 0.005: {trace}");
    }
}
