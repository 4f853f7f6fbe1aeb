using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// libtorch's one global generator, which module constructors draw their initial weights from. A seed set with
/// <c>manual_seed</c> fixes the weights only if no other thread draws from the generator before the last constructor
/// returns: two trainings started at once in one process (parallel tests did) got different weights for the same seed.
/// Every draw ScoreProbe makes from it, seeding included, runs inside this one critical section; everything else draws
/// from its own <see cref="Generator"/>.
/// </summary>
public static class GlobalGenerator
{
    private static readonly object Gate = new();

    /// <summary>Runs <paramref name="draw"/> with no other caller drawing from the global generator meanwhile.</summary>
    public static T Exclusively<T>(Func<T> draw)
    {
        NativeLoader.EnsureLoaded();
        lock (Gate) return draw();
    }

    /// <summary>Seeds the global generator with <paramref name="seed"/> and runs <paramref name="draw"/>, as one critical section.</summary>
    public static T Exclusively<T>(long seed, Func<T> draw)
    {
        NativeLoader.EnsureLoaded();
        lock (Gate)
        {
            manual_seed(seed);
            return draw();
        }
    }
}
