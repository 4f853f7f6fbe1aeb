namespace ScoreProbe.Core.Validation;

/// <summary>
/// The share of memory one planned allocation may take: half of what the runtime reports as available to this process
/// (<see cref="GC.GetGCMemoryInfo()"/>), leaving the rest to the runtime, the native libraries and the caller's other
/// buffers. Checked before expensive work starts, so a request that cannot fit is bad input, not an out-of-memory crash.
/// </summary>
public static class MemoryBudget
{
    /// <summary>Bytes one planned allocation may take.</summary>
    public static double Share => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 2.0;

    /// <summary>
    /// Throws <see cref="InvalidConfigurationException"/> for <paramref name="parameter"/> when <paramref name="bytes"/>
    /// exceed <see cref="Share"/>; <paramref name="problem"/> words it from the bytes available to the process.
    /// </summary>
    public static void Require(string parameter, double bytes, Func<double, string> problem)
    {
        var share = Share;
        if (bytes > share) throw new InvalidConfigurationException(parameter, problem(2 * share));
    }
}
