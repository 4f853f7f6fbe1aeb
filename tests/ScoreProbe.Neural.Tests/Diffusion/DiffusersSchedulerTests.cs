using System.Text.Json.Nodes;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Tests.Pretrained;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Diffusion;

/// <summary>DDPMScheduler constants, timesteps and steps against diffusers' own (tests/fixtures/diffusers/scheduler).</summary>
public class DiffusersSchedulerTests
{
    private static JsonNode Reference(string schedule) => DiffusersFixtures.Json(Path.Combine("scheduler", "ddpm_reference.json"))["schedules"]![schedule]!;

    private static SchedulerConfig Config(string schedule) =>
        new() { BetaSchedule = schedule == "linear" ? BetaSchedule.Linear : BetaSchedule.SquaredCosCapV2 };

    [Theory]
    [InlineData("linear")]
    [InlineData("squaredcos_cap_v2")]
    public void Float32ConstantsAreBitIdenticalToDiffusers(string name)
    {
        var reference = Reference(name);
        var schedule = Config(name).BuildSchedule();
        Assert.Equal(reference["betas"]!.AsArray().Select(v => (float)v!.GetValue<double>()), schedule.Betas.Select(b => (float)b));
        Assert.Equal(reference["alphas_cumprod"]!.AsArray().Select(v => (float)v!.GetValue<double>()), schedule.AlphasCumprod.Select(a => (float)a));
        foreach (var (steps, list) in reference["timesteps"]!.AsObject())
            Assert.Equal(list!.AsArray().Select(t => t!.GetValue<int>()), Config(name).Create("ddpm").Timesteps(int.Parse(steps)));
    }

    [Theory]
    [InlineData("linear")]
    [InlineData("squaredcos_cap_v2")]
    public void DdpmStepsMatchDiffusersStepWithTheSameNoise(string name)
    {
        var scheduler = (DdpmScheduler)Config(name).Create("ddpm");
        foreach (var step in Reference(name)["steps"]!.AsArray())
        {
            Tensor Read(string key) => tensor(step![key]!.AsArray().Select(v => (float)v!.GetValue<double>()).ToArray())
                .reshape(step["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray());
            var (t, n) = (step!["timestep"]!.GetValue<int>(), step["num_inference_steps"]!.GetValue<int>());
            Assert.Equal(step["previous_timestep"]!.GetValue<int>(), scheduler.PreviousTimestep(t, n));
            Assert.Equal(step["variance"]!.GetValue<double>(), t == 0 ? 0 : scheduler.Variance(t, n), 1e-12);
            using var sample = Read("sample");
            using var output = Read("model_output");
            using var noise = step["variance_noise"] is null ? zeros(1) : Read("variance_noise");
            using var expected = Read("prev_sample");
            using var actual = scheduler.Step(output, t, sample, n, _ => noise.clone());
            Assert.InRange(DiffusersFixtures.MaxAbsDifference(actual, expected), 0, 1e-6);
        }
    }
}
