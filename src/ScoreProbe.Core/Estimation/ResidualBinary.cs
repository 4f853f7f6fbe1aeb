using System.Buffers.Binary;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Little-endian binary layout of a <see cref="ResidualSet"/>:
/// bytes 0-3 ASCII "SPRS"; int32 version (= 1); int32 d; int32 m; int32 R; int32 B; then float64 t_0..t_{m-1};
/// then for r = 0..R-1, a = 0..m-1, j = 0..B-1: float64 x_0..x_{d-1} followed by float64 r_0..r_{d-1}.
/// Total size 24 + 8 m + 16 R m B d bytes.
/// </summary>
public static class ResidualBinary
{
    public const int Version = 1;
    private const int HeaderBytes = 24;
    private static ReadOnlySpan<byte> Magic => "SPRS"u8;

    public static ResidualSet Read(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderBytes || !bytes[..4].SequenceEqual(Magic)) throw new ResidualFormatException("not a ScoreProbe residual file: missing 'SPRS' magic at byte 0");
        var version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (version != Version) throw new ResidualFormatException($"byte 4: unsupported version {version} (this build reads version {Version})");
        int d = BinaryPrimitives.ReadInt32LittleEndian(bytes[8..]), m = BinaryPrimitives.ReadInt32LittleEndian(bytes[12..]);
        int reps = BinaryPrimitives.ReadInt32LittleEndian(bytes[16..]), batch = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        if (d < 1 || m < 1 || reps < 1 || batch < 1) throw new ResidualFormatException($"bytes 8-23: d, m, R, B must be positive (got {d}, {m}, {reps}, {batch})");
        var values = (long)reps * m * batch * d;
        var expected = HeaderBytes + 8L * m + 16L * values;
        if (bytes.Length != expected) throw new ResidualFormatException($"file has {bytes.Length} bytes; the header (d={d}, m={m}, R={reps}, B={batch}) implies {expected}");
        var times = new double[m];
        var position = HeaderBytes;
        for (var a = 0; a < m; a++, position += 8) times[a] = ReadFinite(bytes, position);
        var states = new double[values];
        var residuals = new double[values];
        for (long cell = 0; cell < values / d; cell++)
        {
            for (var i = 0; i < d; i++, position += 8) states[cell * d + i] = ReadFinite(bytes, position);
            for (var i = 0; i < d; i++, position += 8) residuals[cell * d + i] = ReadFinite(bytes, position);
        }
        return new ResidualSet(times, reps, batch, d, states, residuals);
    }

    private static double ReadFinite(ReadOnlySpan<byte> bytes, int position)
    {
        var value = BinaryPrimitives.ReadDoubleLittleEndian(bytes[position..]);
        return double.IsFinite(value) ? value : throw new ResidualFormatException($"byte {position}: {value} is not a finite number");
    }

    public static byte[] Write(ResidualSet set)
    {
        var d = set.Dim;
        var bytes = new byte[HeaderBytes + 8L * set.TimeCount + 16L * set.Repetitions * set.TimeCount * set.Batch * d];
        Magic.CopyTo(bytes);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(4), Version);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(8), d);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(12), set.TimeCount);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(16), set.Repetitions);
        BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(20), set.Batch);
        var position = HeaderBytes;
        foreach (var t in set.Times) { BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(position), t); position += 8; }
        for (var r = 0; r < set.Repetitions; r++)
            for (var a = 0; a < set.TimeCount; a++)
                for (var j = 0; j < set.Batch; j++)
                {
                    foreach (var v in set.State(r, a, j)) { BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(position), v); position += 8; }
                    foreach (var v in set.Residual(r, a, j)) { BinaryPrimitives.WriteDoubleLittleEndian(bytes.AsSpan(position), v); position += 8; }
                }
        return bytes;
    }
}
