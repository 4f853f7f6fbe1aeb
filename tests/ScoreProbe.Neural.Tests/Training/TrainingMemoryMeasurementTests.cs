using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Training;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Tests.Training;

/// <summary>The activation-memory estimate against the measured growth of the process's peak resident memory over one step.</summary>
[Collection(nameof(SerialMemoryCollection))]
public class TrainingMemoryMeasurementTests
{
    private static long PeakResidentBytes() =>
        long.Parse(File.ReadAllLines("/proc/self/status").First(l => l.StartsWith("VmHWM:", StringComparison.Ordinal))
            .Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) * 1024;

    [Fact]
    public void TheEstimateIsWithinAFactorOfTwoOfTheMeasuredPeakOfAUNetStep()
    {
        if (!OperatingSystem.IsLinux()) return;
        // 32x32 images at batch 64: an estimate of about 0.5 GB, far above the allocator's noise. Writing 5 to
        // clear_refs resets the peak to the current resident size, so peaks of earlier tests do not hide this one.
        const int side = 32, batch = 64;
        var config = ModelPresets.Create("unet-small", [1, side, side]);
        using var model = config.Build();
        using var optimizer = optim.AdamW(model.parameters(), 1e-4);
        void Step(int size)
        {
            using var scope = NewDisposeScope();
            var x = randn([size, 1, side, side], generator: new Generator((ulong)size));
            var loss = F.mse_loss(model.forward(x, randint(0, 1000, [size], generator: new Generator((ulong)size + 1))), x);
            optimizer.zero_grad();
            loss.backward();
            optimizer.step();
        }
        Step(1);
        File.WriteAllText("/proc/self/clear_refs", "5");
        var before = PeakResidentBytes();
        Step(batch);
        var measured = PeakResidentBytes() - before;
        var estimate = TrainingMemory.BytesPerExample(config) * batch;
        Assert.InRange(estimate / measured, 0.5, 2.0);
    }
}
