using ScoreProbe.Core;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// Moves weights between a <see cref="NoisePredictor"/> and a diffusers state dict: names through
/// <see cref="DiffusersKeys"/>, values converted to float32. Loading requires every parameter and persistent buffer of
/// the model and nothing else (the sinusoidal embedding's frequencies are a non-persistent buffer, recomputed, and
/// absent from diffusers files: it is skipped both ways); a missing, extra or misshapen tensor is one line naming it.
/// </summary>
public static class DiffusersWeights
{
    public static void Load(NoisePredictor model, IReadOnlyList<KeyValuePair<string, Tensor>> file, string path)
    {
        var targets = model.state_dict().Where(kv => !IsDerived(kv.Key)).ToDictionary();
        var byName = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        foreach (var (key, tensor) in file)
        {
            var name = DiffusersKeys.ToScoreProbe(key);
            if (!targets.ContainsKey(name))
                throw new InvalidConfigurationException($"{path} holds '{key}' {Show(tensor)}, which the model of config.json does not have; the weights and config.json do not belong together");
            byName[name] = tensor;
        }
        if (targets.Keys.FirstOrDefault(k => !byName.ContainsKey(k)) is { } missing)
            throw new InvalidConfigurationException($"{path} lacks '{DiffusersKeys.ToDiffusers(missing)}' {Show(targets[missing])}, which config.json's model needs; the weights and config.json do not belong together");
        using var noGrad = no_grad();
        foreach (var (name, target) in targets)
        {
            var source = byName[name];
            if (!source.shape.SequenceEqual(target.shape))
                throw new InvalidConfigurationException($"{path}: '{DiffusersKeys.ToDiffusers(name)}' has shape {Show(source)}; config.json's model needs {Show(target)}");
            using var converted = source.to(target.dtype);
            target.copy_(converted);
        }
        model.eval();
    }

    /// <summary>The model's tensors under diffusers' names (float32, detached copies).</summary>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Export(NoisePredictor model) =>
        model.state_dict().Where(kv => !IsDerived(kv.Key)).Select(kv => new KeyValuePair<string, Tensor>(DiffusersKeys.ToDiffusers(kv.Key), kv.Value.detach().to(ScalarType.Float32).clone())).ToList();

    /// <summary>Buffers recomputed from the config (the sinusoidal frequencies), which diffusers does not store.</summary>
    public static bool IsDerived(string key) => key == $"time_proj.{SinusoidalTimeEmbedding.DerivedBufferName}";

    private static string Show(Tensor t) => $"[{string.Join(", ", t.shape)}]";
}
