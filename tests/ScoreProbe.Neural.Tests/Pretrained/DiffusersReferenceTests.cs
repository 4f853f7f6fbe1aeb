using System.Text.Json.Nodes;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Pretrained;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Pretrained;

/// <summary>
/// Configurations and DDIM runs beyond the shared fixtures, against the real diffusers
/// (tests/fixtures/diffusers-extra, made by make_reference.py there).
/// </summary>
public class DiffusersReferenceTests
{
    private static string Extra(params string[] parts) => Path.Combine([DiffusersFixtures.Root + "-extra", .. parts]);

    [Theory]
    [InlineData("wide")]
    [InlineData("learned")]
    [InlineData("fourier")]
    public void FurtherUNet2DModelConfigsReproduceDiffusersFromPyTorchBinWeights(string name)
    {
        var folder = Extra("unets", name);
        var reference = (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "reference.json")))!;
        var (model, _, _) = DiffusersModelFolder.Load(folder);
        using var _model = model;
        Assert.Equal(reference["parameters"]!.GetValue<long>(), model.ParameterCount());
        var steps = reference["timesteps"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();
        using var timesteps = name == "fourier" ? tensor(steps.Select(v => (float)v).ToArray()) : tensor(steps.Select(v => (long)v).ToArray());
        using var sample = DiffusersFixtures.Tensor(folder, reference["sample"]!);
        using var expectedProjection = DiffusersFixtures.Tensor(folder, reference["time_proj"]!);
        using var expectedEmbedding = DiffusersFixtures.Tensor(folder, reference["time_embedding"]!);
        using var expected = DiffusersFixtures.Tensor(folder, reference["output"]!);
        using var noGrad = no_grad();
        using var projection = model.TimeFeatures(timesteps);
        using var embedding = model.TimeEmbedding(timesteps);
        using var output = model.forward(sample, timesteps);
        Assert.InRange(DiffusersFixtures.MaxAbsDifference(projection, expectedProjection), 0, DiffusersParityTests.Tolerance);
        Assert.InRange(DiffusersFixtures.MaxAbsDifference(embedding, expectedEmbedding), 0, DiffusersParityTests.Tolerance);
        // The Fourier model divides the network's output by the noise level t (0.01 here), which magnifies float32
        // rounding 100-fold; its outputs are compared times t, on the scale the network computed them.
        using var scale = name == "fourier" ? timesteps.reshape(-1, 1, 1, 1) : ones(1);
        Assert.InRange(DiffusersFixtures.MaxAbsDifference(output * scale, expected * scale), 0, DiffusersParityTests.Tolerance);
    }

    [Theory]
    [InlineData("tiny-default-10")]
    [InlineData("tiny-trailing-v-20")]
    [InlineData("tiny-cosine-offset-sample-10")]
    [InlineData("tiny-cifar-linspace-threshold-10")]
    [InlineData("wide-scaled-linear-zero-snr-v-15")]
    public void DdimFromGivenNoiseEqualsDiffusersDdimPipeline(string name)
    {
        var record = (JsonObject)JsonNode.Parse(File.ReadAllText(Extra("ddim", name + ".json")))!;
        using var temp = new TempDirectory();
        var configPath = Path.Combine(temp.Path, DiffusersSchedulerConfig.FileName);
        File.WriteAllText(configPath, record["scheduler_config"]!.ToJsonString());
        var scheduler = DiffusersSchedulerConfig.Read(configPath).Create("ddim");
        var steps = record["steps"]!.GetValue<int>();
        Assert.Equal(record["timesteps"]!.AsArray().Select(t => t!.GetValue<int>()), scheduler.Timesteps(steps));

        var (model, _, _) = DiffusersModelFolder.Load(Path.Combine(AppContext.BaseDirectory, "fixtures", record["model"]!.GetValue<string>()));
        using var _model = model;
        using var noise = DiffusersFixtures.Tensor(Extra("ddim"), record["noise"]!);
        using var expected = DiffusersFixtures.Tensor(Extra("ddim"), record["samples"]!);
        using var result = new Sampler(scheduler).Sample(model, (int)noise.shape[0], steps, seed: 0, initialNoise: noise);
        // Random-weight networks with epsilon prediction and x0 clipping amplify float32 rounding along the chain: the
        // record states how far diffusers' own result moves when x_T moves by 1e-6. Well-conditioned runs (a few 1e-6)
        // must agree to 1e-5; ill-conditioned ones to twice that movement.
        var conditioning = record["max_change_when_noise_moves_by_1e-6"]!.GetValue<double>();
        Assert.InRange(DiffusersFixtures.MaxAbsDifference(result.Samples, expected), 0, Math.Max(DiffusersParityTests.Tolerance, 2 * conditioning));
    }

    [Theory]
    [InlineData("scaled_linear")]
    [InlineData("sigmoid")]
    [InlineData("linear_zero_snr")]
    [InlineData("linear_500")]
    public void FurtherBetaSchedulesMatchDiffusersFloat32Constants(string name)
    {
        var entry = ((JsonObject)JsonNode.Parse(File.ReadAllText(Extra("schedules.json")))!)[name]!;
        using var temp = new TempDirectory();
        var configPath = Path.Combine(temp.Path, DiffusersSchedulerConfig.FileName);
        File.WriteAllText(configPath, entry["config"]!.ToJsonString());
        var schedule = DiffusersSchedulerConfig.Read(configPath).BuildSchedule();
        var expected = entry["alphas_cumprod"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
        Assert.Equal(expected.Length, schedule.Length);
        // Bit-identical except where PyTorch's vectorised sigmoid and exp differ from the scalar ones by an ulp.
        var relative = name == "sigmoid" ? 1e-6 : 0;
        for (var t = 0; t < expected.Length; t++) Assert.InRange(schedule.AlphasCumprod[t], expected[t] * (1 - relative) - 1e-30, expected[t] * (1 + relative) + 1e-30);
    }
}
