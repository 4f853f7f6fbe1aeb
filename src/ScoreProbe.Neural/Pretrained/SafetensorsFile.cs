using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using ScoreProbe.Core;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// The safetensors format: a u64 little-endian header length, a JSON header mapping each name to
/// <c>{"dtype", "shape", "data_offsets": [begin, end]}</c> (offsets into the data that follows, which they tile exactly)
/// and an optional <c>__metadata__</c> of strings, then the raw little-endian tensor bytes.
/// </summary>
/// <remarks>
/// Written here rather than through TorchSharp.PyBridge's <c>Safetensors</c> class because that reader reports a malformed
/// header or an unknown dtype with .NET exceptions of other kinds (which the bad-input contract forbids), and its writer
/// records no metadata or 8-byte alignment; the format is small enough to check field by field.
/// </remarks>
public static class SafetensorsFile
{
    private static readonly (string Name, ScalarType Type)[] DataTypes =
    [
        ("F64", ScalarType.Float64), ("F32", ScalarType.Float32), ("F16", ScalarType.Float16), ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64), ("I32", ScalarType.Int32), ("I16", ScalarType.Int16), ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte), ("BOOL", ScalarType.Bool),
    ];

    /// <summary>Every tensor of the file, in header order; malformed files are <see cref="InvalidConfigurationException"/>.</summary>
    public static IReadOnlyList<KeyValuePair<string, Tensor>> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        if (bytes.Length < 8) throw Malformed(path, "is shorter than the 8-byte header length");
        var headerLength = BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        if (headerLength > (ulong)(bytes.Length - 8)) throw Malformed(path, $"declares a {headerLength}-byte header in a {bytes.Length}-byte file");
        JsonObject header;
        try
        {
            header = JsonNode.Parse(Encoding.UTF8.GetString(bytes, 8, (int)headerLength)) as JsonObject
                     ?? throw Malformed(path, "has a header that is not a JSON object");
        }
        catch (JsonException e)
        {
            throw Malformed(path, $"has a header that is not JSON ({e.Message})");
        }
        var dataStart = 8 + (long)headerLength;
        var dataLength = bytes.Length - dataStart;
        var tensors = new List<KeyValuePair<string, Tensor>>();
        var covered = new List<(long Begin, long End)>();
        foreach (var (name, node) in header)
        {
            if (name == "__metadata__") continue;
            try
            {
                var dtypeName = node?["dtype"]?.GetValue<string>() ?? throw Malformed(path, $"tensor '{name}' has no dtype");
                var type = DataTypes.FirstOrDefault(d => d.Name == dtypeName);
                if (type.Name is null) throw Malformed(path, $"tensor '{name}' has dtype {dtypeName}; supported: {string.Join(", ", DataTypes.Select(d => d.Name))}");
                var shape = (node!["shape"] as JsonArray ?? throw Malformed(path, $"tensor '{name}' has no shape")).Select(s => s!.GetValue<long>()).ToArray();
                var offsets = (node["data_offsets"] as JsonArray ?? throw Malformed(path, $"tensor '{name}' has no data_offsets")).Select(s => s!.GetValue<long>()).ToArray();
                var count = shape.Aggregate(1L, (a, b) => b < 0 ? -1 : a * b);
                using var probe = empty(0, dtype: type.Type);
                if (offsets.Length != 2 || count < 0 || offsets[0] < 0 || offsets[1] > dataLength || offsets[1] - offsets[0] != count * probe.ElementSize)
                    throw Malformed(path, $"tensor '{name}' (shape [{string.Join(", ", shape)}], {dtypeName}) has data_offsets [{string.Join(", ", offsets)}] that do not fit the {dataLength} data bytes");
                var tensor = empty(shape, dtype: type.Type);
                tensor.bytes = bytes.AsSpan((int)(dataStart + offsets[0]), (int)(offsets[1] - offsets[0]));
                tensors.Add(new(name, tensor));
                covered.Add((offsets[0], offsets[1]));
            }
            catch (Exception e) when (e is InvalidOperationException or FormatException or JsonException)
            {
                throw Malformed(path, $"has an unreadable entry for '{name}' ({e.Message})");
            }
        }
        return tensors;
    }

    /// <summary>
    /// Writes <paramref name="tensors"/> (sorted by name, as the Python writer does) with <c>__metadata__ {"format": "pt"}</c>,
    /// the header padded with spaces to a multiple of 8 bytes.
    /// </summary>
    public static void Write(Stream stream, IEnumerable<KeyValuePair<string, Tensor>> tensors)
    {
        var ordered = tensors.OrderBy(t => t.Key, StringComparer.Ordinal).ToList();
        var header = new JsonObject { ["__metadata__"] = new JsonObject { ["format"] = "pt" } };
        long offset = 0;
        foreach (var (name, tensor) in ordered)
        {
            var length = tensor.NumberOfElements * tensor.ElementSize;
            header[name] = new JsonObject
            {
                ["dtype"] = DataTypes.First(d => d.Type == tensor.dtype).Name,
                ["shape"] = new JsonArray(tensor.shape.Select(s => (JsonNode)s).ToArray()),
                ["data_offsets"] = new JsonArray(offset, offset + length),
            };
            offset += length;
        }
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var padded = (json.Length + 7) / 8 * 8;
        Span<byte> length8 = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(length8, (ulong)padded);
        stream.Write(length8);
        stream.Write(json);
        for (var i = json.Length; i < padded; i++) stream.WriteByte((byte)' ');
        foreach (var (_, tensor) in ordered)
        {
            using var contiguous = tensor.contiguous();
            stream.Write(contiguous.bytes);
        }
    }

    private static InvalidConfigurationException Malformed(string path, string problem) =>
        new($"{path} {problem}; it is not a readable safetensors file");
}
