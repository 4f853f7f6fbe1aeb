using System.Runtime.InteropServices;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// A user's TorchScript feature network (<c>torch.jit.save</c> in PyTorch, loaded with <c>torch.jit.load</c>). It receives
/// images mapped to [0, 1] (<c>[N, C, H, W]</c> float32, torchmetrics' <c>normalize=True</c> convention) or vectors as they
/// are, and must return <c>[N, F]</c>; resizing and channel replication (for Inception) belong inside the exported module
/// (docs/siem.md shows an export script).
/// </summary>
public sealed class TorchScriptFeatures : IFeatureExtractor, IDisposable
{
    private readonly jit.ScriptModule<Tensor, Tensor> _module;

    /// <summary>Loads the module; <see cref="DataUnavailableException"/> when the file is missing or not TorchScript.</summary>
    public TorchScriptFeatures(string path, int batchSize = 256)
    {
        NativeLoader.EnsureLoaded();
        if (Directory.Exists(path)) throw new DataUnavailableException($"feature network '{path}' is a folder; pass a TorchScript file (torch.jit.save)");
        if (!File.Exists(path)) throw new DataUnavailableException($"feature network '{path}' does not exist");
        try
        {
            _module = jit.load<Tensor, Tensor>(path);
        }
        catch (Exception e) when (e is ExternalException or InvalidOperationException or ArgumentException)
        {
            throw new DataUnavailableException(
                $"'{path}' is not a TorchScript module readable by libtorch ({LibTorchErrorMessage.WithoutBacktrace(e.Message)}); export one with torch.jit.save", e);
        }
        _module.eval();
        Name = $"torchscript:{Path.GetFileName(path)}";
        BatchSize = batchSize;
    }

    public string Name { get; }

    public int BatchSize { get; }

    public Tensor Extract(Tensor samples)
    {
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < samples.shape[0]; start += BatchSize)
        {
            using var scope = NewDisposeScope();
            var batch = samples.narrow(0, start, Math.Min(BatchSize, samples.shape[0] - start));
            var input = batch.dim() == 4 ? ImageTransforms.ToUnitRange(batch) : batch;
            var features = _module.forward(input.to(ScalarType.Float32));
            if (features.dim() != 2 || features.shape[0] != batch.shape[0])
                throw new DataUnavailableException($"{Name} returned [{string.Join(", ", features.shape)}]; a feature network must return [N, F]");
            parts.Add(features.MoveToOuterDisposeScope());
        }
        var all = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return all;
    }

    public void Dispose() => _module.Dispose();
}
