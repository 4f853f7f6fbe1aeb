using System.Collections;
using ScoreProbe.Core;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// A state dict saved by <c>torch.save</c> (diffusers' <c>diffusion_pytorch_model.bin</c>): a zip archive holding a pickle
/// whose tensors point at raw storages in the archive. Unpickled by TorchSharp.PyBridge (over Razorvine.Pickle), the
/// maintained .NET reader of that format; the legacy pre-1.6 (non-zip) format is not readable.
/// </summary>
public static class PyTorchWeightsFile
{
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path)
    {
        Hashtable table;
        try
        {
            using var stream = File.OpenRead(path);
            table = PyTorchUnpickler.UnpickleStateDict(stream);
        }
        catch (Exception e) when (e is NotImplementedException or InvalidOperationException or InvalidCastException or InvalidDataException
                                     or Razorvine.Pickle.PickleException or IOException or KeyNotFoundException or IndexOutOfRangeException)
        {
            throw new InvalidConfigurationException(
                $"{path} is not a readable PyTorch state dict ({e.Message}); re-save it with torch.save(model.state_dict(), ...) or as safetensors");
        }
        var tensors = new List<KeyValuePair<string, Tensor>>();
        foreach (DictionaryEntry entry in table)
        {
            if (entry.Key is not string name || entry.Value is not Tensor tensor)
                throw new InvalidConfigurationException($"{path} holds an entry that is not a named tensor; save model.state_dict()");
            tensors.Add(new(name, tensor));
        }
        return tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
    }
}
