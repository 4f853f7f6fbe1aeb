using ScoreProbe.Core.IO;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// A <see cref="ResidualSet"/> as a NumPy .npz archive (<c>numpy.savez(path, times=t, states=X, residuals=R)</c>):
/// <c>times</c> of shape (m,), <c>states</c> and <c>residuals</c> of shape (R, m, B, d), any float or integer type.
/// </summary>
public static class ResidualNpz
{
    public static ResidualSet Read(string path)
    {
        var arrays = NpzFile.Read(path);
        NpyArray Get(string name) => arrays.TryGetValue(name, out var a) ? a : throw new ResidualFormatException($"no '{name}' array (the archive holds {string.Join(", ", arrays.Keys)}); save times, states and residuals");
        var (times, states, residuals) = (Get("times"), Get("states"), Get("residuals"));
        if (times.Shape.Count != 1) throw new ResidualFormatException($"times has shape {times.ShapeText}; it must be (m,)");
        if (states.Shape.Count != 4 || states.Shape[1] != times.Shape[0] || !states.Shape.SequenceEqual(residuals.Shape))
            throw new ResidualFormatException($"states {states.ShapeText} and residuals {residuals.ShapeText} must both be (R, m, B, d) with m = {times.Shape[0]}");
        if (states.DataType == NpyDataType.Bool) throw new ResidualFormatException("states are booleans; save them as float64");
        try
        {
            return new ResidualSet(times.ToDoubles(), (int)states.Shape[0], (int)states.Shape[2], (int)states.Shape[3], states.ToDoubles(), residuals.ToDoubles());
        }
        catch (ArgumentException e)
        {
            throw new ResidualFormatException(e.Message);
        }
    }

    /// <summary>Writes the layout <see cref="Read"/> reads, as float64 arrays, atomically.</summary>
    public static void Write(string path, ResidualSet set)
    {
        long[] shape = [set.Repetitions, set.TimeCount, set.Batch, set.Dim];
        var states = new double[set.Repetitions * set.TimeCount * set.Batch * set.Dim];
        var residuals = new double[states.Length];
        var offset = 0;
        for (var r = 0; r < set.Repetitions; r++)
        for (var t = 0; t < set.TimeCount; t++)
        for (var b = 0; b < set.Batch; b++, offset += set.Dim)
        {
            set.State(r, t, b).CopyTo(states.AsSpan(offset));
            set.Residual(r, t, b).CopyTo(residuals.AsSpan(offset));
        }
        NpzFile.Write(path, new Dictionary<string, NpyArray>
        {
            ["times"] = NpyArray.FromDoubles([set.TimeCount], set.Times.ToArray()),
            ["states"] = NpyArray.FromDoubles(shape, states),
            ["residuals"] = NpyArray.FromDoubles(shape, residuals),
        });
    }
}
