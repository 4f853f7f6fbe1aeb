using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace ScoreProbe.Core.IO;

/// <summary>
/// Reads and writes NumPy's .npy format (versions 1, 2 and 3): the magic <c>\x93NUMPY</c>, a version, a little-endian
/// header length (u16 for version 1, u32 otherwise), an ASCII Python dict <c>{'descr': '&lt;f4', 'fortran_order': False,
/// 'shape': (4, 1, 16, 16), }</c> padded with spaces to a multiple of 64 bytes and ended by a newline, then the raw data.
/// Fortran-ordered files are reordered to C order on reading; big-endian data is rejected.
/// </summary>
public static partial class NpyFile
{
    private static ReadOnlySpan<byte> Magic => [0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y'];

    /// <summary>Reads a .npy file; a missing or malformed file is <see cref="InvalidConfigurationException"/> naming it.</summary>
    public static NpyArray Read(string path)
    {
        if (!File.Exists(path)) throw new InvalidConfigurationException($"{path} does not exist; pass a .npy file");
        using var stream = File.OpenRead(path);
        return Read(stream, path);
    }

    /// <summary>Reads one array from <paramref name="stream"/>; <paramref name="name"/> identifies it in messages.</summary>
    public static NpyArray Read(Stream stream, string name)
    {
        Span<byte> prefix = stackalloc byte[8];
        if (ReadFully(stream, prefix) < 8 || !prefix[..6].SequenceEqual(Magic))
            throw Malformed(name, "does not start with the .npy magic \\x93NUMPY");
        var major = prefix[6];
        if (major is < 1 or > 3) throw Malformed(name, $"has .npy format version {major}.{prefix[7]}; versions 1 to 3 are read");
        Span<byte> lengthBytes = stackalloc byte[major == 1 ? 2 : 4];
        if (ReadFully(stream, lengthBytes) < lengthBytes.Length) throw Malformed(name, "ends inside its header");
        var headerLength = major == 1 ? BinaryPrimitives.ReadUInt16LittleEndian(lengthBytes) : BinaryPrimitives.ReadUInt32LittleEndian(lengthBytes);
        if (headerLength > 1 << 20) throw Malformed(name, $"declares a {headerLength}-byte header");
        var headerBytes = new byte[headerLength];
        if (ReadFully(stream, headerBytes) < headerBytes.Length) throw Malformed(name, "ends inside its header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);

        var descr = HeaderField(header, "descr", name);
        var type = NpyDataTypes.FromDescr(descr.Trim('\'', '"'))
                   ?? throw new InvalidConfigurationException(
                       $"{name}: element type {descr} is not supported; save the array as little-endian float32, float64, uint8, bool or a signed integer");
        var fortran = HeaderField(header, "fortran_order", name) switch
        {
            "True" => true,
            "False" => false,
            var other => throw Malformed(name, $"has fortran_order {other}"),
        };
        var shape = ParseShape(HeaderField(header, "shape", name), name);
        var count = shape.Aggregate(1L, (a, b) => checked(a * b));
        var byteCount = count * type.Size();
        if (byteCount > Array.MaxLength) throw Malformed(name, $"holds {byteCount} bytes, more than one array can take");
        var data = new byte[byteCount];
        var read = ReadFully(stream, data);
        if (read < data.Length) throw Malformed(name, $"holds {read} data bytes; its header (shape {Show(shape)}, {descr}) needs {data.Length}");
        if (fortran && shape.Length > 1) data = ToCOrder(data, shape, type.Size());
        return new NpyArray(type, shape, data);
    }

    /// <summary>Writes a .npy file (version 1) atomically.</summary>
    public static void Write(string path, NpyArray array) => AtomicFile.Write(path, stream => Write(stream, array));

    /// <summary>Writes one array to <paramref name="stream"/> (version 1, C order, header padded to 64 bytes).</summary>
    public static void Write(Stream stream, NpyArray array)
    {
        var shape = array.Shape.Count == 1 ? $"({array.Shape[0]},)" : $"({string.Join(", ", array.Shape)})";
        var dict = $"{{'descr': '{array.DataType.Descr()}', 'fortran_order': False, 'shape': {shape}, }}";
        var unpadded = Magic.Length + 2 + 2 + dict.Length + 1;
        var header = dict + new string(' ', (64 - unpadded % 64) % 64) + "\n";
        stream.Write(Magic);
        stream.Write([1, 0]);
        Span<byte> length = stackalloc byte[2];
        BinaryPrimitives.WriteUInt16LittleEndian(length, checked((ushort)header.Length));
        stream.Write(length);
        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(array.Bytes);
    }

    private static string HeaderField(string header, string key, string name)
    {
        var match = Regex.Match(header, $@"['""]{key}['""]\s*:\s*(\([^)]*\)|'[^']*'|""[^""]*""|True|False)");
        return match.Success ? match.Groups[1].Value : throw Malformed(name, $"has no '{key}' in its header");
    }

    private static long[] ParseShape(string text, string name)
    {
        var inner = text.Trim('(', ')');
        var parts = inner.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var shape = new long[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!long.TryParse(parts[i].TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out shape[i]))
                throw Malformed(name, $"has shape {text}");
        return shape;
    }

    private static byte[] ToCOrder(byte[] data, long[] shape, int size)
    {
        var result = new byte[data.Length];
        var rank = shape.Length;
        var index = new long[rank];
        var count = data.Length / size;
        for (long c = 0; c < count; c++)
        {
            // index is the C-order multi-index of element c; its Fortran offset runs the first axis fastest.
            long fortranOffset = 0, stride = 1;
            for (var k = 0; k < rank; k++) { fortranOffset += index[k] * stride; stride *= shape[k]; }
            Array.Copy(data, fortranOffset * size, result, c * size, size);
            for (var k = rank - 1; k >= 0 && ++index[k] == shape[k]; k--) index[k] = 0;
        }
        return result;
    }

    private static int ReadFully(Stream stream, Span<byte> buffer)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var n = stream.Read(buffer[total..]);
            if (n == 0) break;
            total += n;
        }
        return total;
    }

    private static string Show(long[] shape) => $"[{string.Join(", ", shape)}]";

    private static InvalidConfigurationException Malformed(string name, string problem) =>
        new($"{name} {problem}; it is not a readable .npy file (write it with numpy.save)");
}
