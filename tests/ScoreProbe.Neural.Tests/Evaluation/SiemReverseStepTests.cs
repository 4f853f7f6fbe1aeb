using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Pretrained;
using ScoreProbe.Neural.Tests.Pretrained;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Evaluation;

/// <summary>SIEM's reverse DDPM chain follows the model's scheduler config (a diffusers folder's scheduler_config.json).</summary>
public class SiemReverseStepTests
{
    private static readonly GaussianDataset Data = DatasetSpec.Gaussian(4);

    [Theory]
    [InlineData("fixed_small")]
    [InlineData("fixed_large")]
    public void ReverseStepVarianceIsTheSchedulerConfigsAsDiffusersComputesIt(string varianceType)
    {
        var reference = DiffusersFixtures.Json(Path.Combine("scheduler", "ddpm_reference.json"))["schedules"]!["linear"]!;
        var json = reference["config"]!.AsObject().DeepClone().AsObject();
        json["variance_type"] = varianceType;
        using var temp = new TempDirectory();
        var path = Path.Combine(temp.Path, DiffusersSchedulerConfig.FileName);
        File.WriteAllText(path, json.ToJsonString());
        var config = DiffusersSchedulerConfig.Read(path);
        var schedule = config.BuildSchedule();
        using var model = new GaussianNoiseConfig(Data, schedule).Build();
        var step = new SiemEvaluator(schedule, new SiemOptions(), new GaussianRatioEstimator(Data, schedule), config).ReverseStep(model);
        var alphaBar = reference["alphas_cumprod"]!.AsArray().Select(b => b!.GetValue<double>()).ToArray();
        foreach (var case_ in reference["steps"]!.AsArray().Where(c => c!["num_inference_steps"]!.GetValue<int>() == 1000 && c["timestep"]!.GetValue<int>() > 0))
        {
            var t = case_!["timestep"]!.GetValue<int>();
            // fixed_small: the posterior variance the fixture recorded. fixed_large: diffusers' current_beta_t,
            // 1 - alphabar_t / alphabar_{t-1} in float32 from its float32 alphas_cumprod.
            var expected = varianceType == "fixed_small" ? case_["variance"]!.GetValue<double>() : (float)(1 - (float)(alphaBar[t] / alphaBar[t - 1]));
            Assert.Equal(expected, step.Variance(t, 1000), 1e-12);
        }
    }

    /// <summary>The exact Gaussian noise predictor re-expressed as v = (eps - b x) / a, for a v_prediction config.</summary>
    private sealed class VOutput(NoisePredictor epsilon, NoiseSchedule schedule) : NoisePredictor("v-output")
    {
        private readonly Tensor _alphaBar = tensor(schedule.AlphasCumprod.ToArray());

        public override ModelConfig Config => epsilon.Config;

        public override IEnumerable<Tensor> OutputParameters() => epsilon.OutputParameters();

        public override Tensor forward(Tensor x, Tensor t)
        {
            using var scope = NewDisposeScope();
            var abar = _alphaBar.index_select(0, t).to(x.dtype).reshape(-1, 1);
            return ((epsilon.forward(x, t) - abar.neg().add(1).sqrt() * x) / abar.sqrt()).MoveToOuterDisposeScope();
        }
    }

    [Fact]
    public void SiemOfAVPredictionModelEqualsThatOfTheSameNetworkPredictingEpsilon()
    {
        var schedule = NoiseSchedule.Default;
        var epsilonConfig = new SchedulerConfig { ClipSample = false, Float32 = false };
        using var model = new GaussianNoiseConfig(Data, schedule, ErrorAmplitude: 0.3, ErrorSeed: 5).Build();
        using var vModel = new VOutput(model, schedule);
        SiemResult Run(NoisePredictor network, SchedulerConfig config) =>
            new SiemEvaluator(schedule, new SiemOptions(Stride: 20, FirstStride: 5), new GaussianRatioEstimator(Data, schedule), config)
                .Evaluate(network, Data, 256, seed: 4);
        var expected = Run(model, epsilonConfig);
        var actual = Run(vModel, epsilonConfig with { PredictionType = PredictionType.VPrediction });
        // The float32 round trip eps -> v -> eps divides by a = sqrt(alphabar), 0.006 at t = 999, so the two runs agree to
        // float32 rounding magnified about 100-fold, not to the last bit; read as epsilon, v would be off by O(1).
        Assert.True(Math.Abs(expected.Full!.Siem) > 1e-6);
        Assert.Equal(expected.Full.Siem, actual.Full!.Siem, 1e-4 * Math.Abs(expected.Full.Siem));
        Assert.Equal(expected.First10.MuNorm, actual.First10.MuNorm, 1e-4 * Math.Abs(expected.First10.MuNorm));
    }
}
