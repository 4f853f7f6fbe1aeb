using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Peers;

/// <summary>
/// The C# side of <c>bench/peers/points.py</c>: entry (i, j) of cloud <c>seed</c> with d columns is
/// <c>2 h / 2^31 - 1</c>, <c>h = SeedStreams.Derive(seed, i d + j)</c>. Every value is exact in float64, so ScoreProbe and the
/// peer scripts start from bit-identical points without exchanging files. Linked into the bench and the test projects.
/// </summary>
internal static class PeerPoints
{
    /// <summary>Row-major <c>[n, d]</c> values in [-1, 1).</summary>
    public static double[] Uniform(int seed, int n, int d)
    {
        var values = new double[checked(n * d)];
        for (var k = 0; k < values.Length; k++) values[k] = 2.0 * SeedStreams.Derive(seed, k) / 2147483648.0 - 1.0;
        return values;
    }
}
