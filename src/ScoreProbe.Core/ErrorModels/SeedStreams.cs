namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// Deterministic per-stream seeds (SplitMix64 finaliser). <see cref="HashCode"/> is randomised per process, so it cannot be used
/// where the same seed must give the same numbers.
/// </summary>
public static class SeedStreams
{
    public static int Derive(int seed, int stream)
    {
        unchecked
        {
            var z = ((ulong)(uint)seed << 32) ^ (uint)stream;
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)((z ^ (z >> 31)) & 0x7FFFFFFF);
        }
    }
}
