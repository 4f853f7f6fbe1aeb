using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Native;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Bench;

/// <summary>
/// CPU cost of one DDPM training step (forward, backward, AdamW, clipping) and of one reverse sampling step, for the
/// CPU default (<c>unet-small</c>, 1x16x16, batch 128 / 64) and the seed-004 network (<c>unet-paper</c>, 3x32x32, batch 2).
/// Sampling images/s of full 1000-step DDPM = batch / (1000 x step time).
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class NeuralBenchmarks
{
    private NoisePredictor _model = null!;
    private optim.Optimizer _optimizer = null!;
    private Tensor _x0 = null!;
    private Tensor _samples = null!;
    private readonly DdpmScheduler _scheduler = new(NoiseSchedule.Default);
    private Generator _generator = null!;

    [Params("unet-small", "unet-paper")]
    public string Model { get; set; } = "unet-small";

    private int TrainBatch => Model == "unet-paper" ? 2 : 128;

    private int SampleBatch => Model == "unet-paper" ? 2 : 64;

    [GlobalSetup]
    public void Setup()
    {
        NativeLoader.EnsureLoaded();
        manual_seed(0);
        _model = ModelPresets.Create(Model).Build();
        _optimizer = optim.AdamW(_model.parameters(), 1e-4);
        var shape = _model.Config.SampleShape;
        _x0 = rand([TrainBatch, .. shape]).mul(2).sub(1);
        _samples = randn([SampleBatch, .. shape]);
        _generator = new Generator(1);
    }

    [Benchmark(Description = "train step")]
    public float TrainStep()
    {
        using var scope = NewDisposeScope();
        _model.train();
        var t = randint(0, 1000, [TrainBatch], generator: _generator);
        var noise = randn(_x0.shape, generator: _generator);
        var loss = F.mse_loss(_model.forward(NoiseSchedule.Default.AddNoise(_x0, noise, t), t), noise);
        _optimizer.zero_grad();
        loss.backward();
        nn.utils.clip_grad_norm_(_model.parameters(), 1.0);
        _optimizer.step();
        return loss.item<float>();
    }

    [Benchmark(Description = "reverse step")]
    public float ReverseStep()
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        _model.eval();
        var t = full([SampleBatch], 500, ScalarType.Int64);
        return _scheduler.Step(_model.forward(_samples, t), 500, _samples, 1000, _generator).mean().item<float>();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _model.Dispose();
        _optimizer.Dispose();
        _x0.Dispose();
        _samples.Dispose();
        _generator.Dispose();
    }
}
