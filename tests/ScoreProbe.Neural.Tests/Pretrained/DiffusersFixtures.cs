using System.Buffers.Binary;
using System.Text.Json.Nodes;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Pretrained;

/// <summary>
/// The stored outputs of the real diffusers (tests/fixtures/diffusers, README there: diffusers 0.40.0.dev0 under
/// PyTorch 1.13, CPU, float32) and of the reference script in tests/fixtures/diffusers-extra.
/// </summary>
internal static class DiffusersFixtures
{
    public static string Root => Path.Combine(AppContext.BaseDirectory, "fixtures", "diffusers");

    public static string Folder(string name) => Path.Combine(Root, name);

    public static JsonObject Json(string relativePath) => (JsonObject)JsonNode.Parse(File.ReadAllText(Path.Combine(Root, relativePath)))!;

    /// <summary>A raw little-endian float32 .bin of a case, with the shape its cases.json gives.</summary>
    public static Tensor Tensor(string folder, JsonNode entry)
    {
        var bytes = File.ReadAllBytes(Path.Combine(folder, entry["file"]!.GetValue<string>()));
        var values = new float[bytes.Length / 4];
        for (var i = 0; i < values.Length; i++) values[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(4 * i));
        var shape = entry["shape"]!.AsArray().Select(s => s!.GetValue<long>()).ToArray();
        return tensor(values).reshape(shape);
    }

    public static double MaxAbsDifference(Tensor a, Tensor b)
    {
        using var difference = (a.to(ScalarType.Float64) - b.to(ScalarType.Float64)).abs().max();
        return difference.item<double>();
    }
}
