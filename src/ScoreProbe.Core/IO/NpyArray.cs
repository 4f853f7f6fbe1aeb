using System.Buffers.Binary;

namespace ScoreProbe.Core.IO;

/// <summary>
/// An n-dimensional array as a .npy file holds it: element type, shape, and the elements in C (row-major) order as
/// little-endian bytes. Immutable; <see cref="ToDoubles"/> and <see cref="ToSingles"/> convert the elements.
/// </summary>
public sealed class NpyArray
{
    private readonly byte[] _data;

    public NpyArray(NpyDataType type, IReadOnlyList<long> shape, byte[] data)
    {
        if (shape.Any(s => s < 0)) throw new ArgumentException($"shape entries must be >= 0 (got [{string.Join(", ", shape)}])");
        var count = shape.Aggregate(1L, (a, b) => a * b);
        if (data.LongLength != count * type.Size())
            throw new ArgumentException($"{data.LongLength} bytes do not hold {count} elements of {type}");
        DataType = type;
        Shape = shape.ToArray();
        _data = data;
    }

    public NpyDataType DataType { get; }

    public IReadOnlyList<long> Shape { get; }

    /// <summary>Number of elements.</summary>
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>The raw little-endian element bytes, C order.</summary>
    public ReadOnlySpan<byte> Bytes => _data;

    /// <summary>The shape as it reads in messages: <c>[4, 1, 16, 16]</c>.</summary>
    public string ShapeText => $"[{string.Join(", ", Shape)}]";

    public static NpyArray FromSingles(IReadOnlyList<long> shape, ReadOnlySpan<float> values)
    {
        var data = new byte[values.Length * 4];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteSingleLittleEndian(data.AsSpan(4 * i), values[i]);
        return new NpyArray(NpyDataType.Float32, shape, data);
    }

    public static NpyArray FromDoubles(IReadOnlyList<long> shape, ReadOnlySpan<double> values)
    {
        var data = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++) BinaryPrimitives.WriteDoubleLittleEndian(data.AsSpan(8 * i), values[i]);
        return new NpyArray(NpyDataType.Float64, shape, data);
    }

    public static NpyArray FromBytes(IReadOnlyList<long> shape, byte[] values) => new(NpyDataType.UInt8, shape, values);

    /// <summary>Every element as a double (exact for all supported types except 64-bit integers beyond 2^53).</summary>
    public double[] ToDoubles()
    {
        var result = new double[Count];
        var bytes = Bytes;
        for (var i = 0; i < result.Length; i++) result[i] = Element(bytes, i);
        return result;
    }

    /// <summary>Every element as a float (rounded for float64 and wide integers).</summary>
    public float[] ToSingles()
    {
        var result = new float[Count];
        var bytes = Bytes;
        if (DataType == NpyDataType.Float32)
            for (var i = 0; i < result.Length; i++) result[i] = BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]);
        else
            for (var i = 0; i < result.Length; i++) result[i] = (float)Element(bytes, i);
        return result;
    }

    private double Element(ReadOnlySpan<byte> bytes, int i) => DataType switch
    {
        NpyDataType.Bool or NpyDataType.UInt8 => bytes[i],
        NpyDataType.Int8 => (sbyte)bytes[i],
        NpyDataType.Int16 => BinaryPrimitives.ReadInt16LittleEndian(bytes[(2 * i)..]),
        NpyDataType.Int32 => BinaryPrimitives.ReadInt32LittleEndian(bytes[(4 * i)..]),
        NpyDataType.Int64 => BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 * i)..]),
        NpyDataType.Float16 => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes[(2 * i)..]),
        NpyDataType.Float32 => BinaryPrimitives.ReadSingleLittleEndian(bytes[(4 * i)..]),
        _ => BinaryPrimitives.ReadDoubleLittleEndian(bytes[(8 * i)..]),
    };
}
