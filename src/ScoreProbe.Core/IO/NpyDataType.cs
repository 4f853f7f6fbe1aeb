namespace ScoreProbe.Core.IO;

/// <summary>The NumPy element types ScoreProbe reads and writes (little-endian), with their <c>descr</c> strings.</summary>
public enum NpyDataType
{
    /// <summary><c>|b1</c></summary>
    Bool,
    /// <summary><c>|u1</c>: images 0..255.</summary>
    UInt8,
    /// <summary><c>|i1</c></summary>
    Int8,
    /// <summary><c>&lt;i2</c></summary>
    Int16,
    /// <summary><c>&lt;i4</c></summary>
    Int32,
    /// <summary><c>&lt;i8</c></summary>
    Int64,
    /// <summary><c>&lt;f2</c></summary>
    Float16,
    /// <summary><c>&lt;f4</c></summary>
    Float32,
    /// <summary><c>&lt;f8</c></summary>
    Float64,
}

/// <summary>Sizes and <c>descr</c> spellings of <see cref="NpyDataType"/>.</summary>
public static class NpyDataTypes
{
    private static readonly (NpyDataType Type, string Descr, int Size)[] Table =
    [
        (NpyDataType.Bool, "|b1", 1), (NpyDataType.UInt8, "|u1", 1), (NpyDataType.Int8, "|i1", 1),
        (NpyDataType.Int16, "<i2", 2), (NpyDataType.Int32, "<i4", 4), (NpyDataType.Int64, "<i8", 8),
        (NpyDataType.Float16, "<f2", 2), (NpyDataType.Float32, "<f4", 4), (NpyDataType.Float64, "<f8", 8),
    ];

    public static int Size(this NpyDataType type) => Table.First(e => e.Type == type).Size;

    public static string Descr(this NpyDataType type) => Table.First(e => e.Type == type).Descr;

    /// <summary>The type of a <c>descr</c> (one-byte types may be written with <c>|</c>, <c>&lt;</c> or <c>=</c>), or null.</summary>
    public static NpyDataType? FromDescr(string descr)
    {
        if (descr.Length < 2) return null;
        var order = descr[0];
        var code = descr[1..];
        foreach (var entry in Table)
            if (entry.Descr[1..] == code && (order == entry.Descr[0] || order == '=' || (entry.Size == 1 && order is '<' or '|')))
                return entry.Type;
        return null;
    }

    public static bool IsFloatingPoint(this NpyDataType type) => type is NpyDataType.Float16 or NpyDataType.Float32 or NpyDataType.Float64;
}
