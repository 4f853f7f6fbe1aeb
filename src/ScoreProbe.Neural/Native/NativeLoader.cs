using TorchSharp;

namespace ScoreProbe.Neural.Native;

/// <summary>
/// Single entry point that initialises libtorch before any tensor is touched, turning the loader's misleading
/// failure ("doesn't contain a reference to libtorch-cpu-linux-x64") into a message that names the real cause.
/// </summary>
/// <remarks>
/// On hosts whose libstdc++ predates GCC 13 the build writes a copy of <c>libLibTorchSharp.so</c> whose
/// <c>GLIBCXX_3.4.32</c> requirement is weak (build/TorchSharpNativeCompat.targets); no shim library is needed because
/// the one symbol carrying that version, <c>std::ios_base_library_init()</c>, is never relocated against.
/// </remarks>
public static class NativeLoader
{
    private static readonly Lazy<Exception?> Failure = new(Initialise, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Initialises the CPU backend once per process; throws <see cref="InvalidOperationException"/> when it cannot load.</summary>
    public static void EnsureLoaded()
    {
        if (Failure.Value is { } e)
            throw new InvalidOperationException(
                "libtorch could not be loaded. If this host's libstdc++ lacks GLIBCXX_3.4.32, rebuild ScoreProbe so that " +
                "build/TorchSharpNativeCompat.targets patches runtimes/linux-x64/native/libLibTorchSharp.so in the output folder. " +
                $"Loader said: {e.Message}", e);
    }

    private static Exception? Initialise()
    {
        try
        {
            torch.InitializeDeviceType(DeviceType.CPU);
            return null;
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            return e;
        }
    }
}
