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

    /// <summary>Environment variable that sets libtorch's intra-op thread count.</summary>
    public const string ThreadsVariable = "SCOREPROBE_THREADS";

    /// <summary>
    /// Intra-op threads libtorch uses: <c>$SCOREPROBE_THREADS</c> when set, else 1. One thread is the default because
    /// OpenMP workers spin while waiting: on a shared 2-core machine two threads made a reverse step of
    /// <c>unet-small</c> (batch 64) 18 times slower (1.9 s against 0.1 s), while on an idle machine they gain at most 2x.
    /// </summary>
    public static int ThreadCount { get; } =
        int.TryParse(Environment.GetEnvironmentVariable(ThreadsVariable), out var n) && n > 0 ? n : 1;

    /// <summary>
    /// The MKL branch libtorch's BLAS and LAPACK run on (<see cref="MklReproducibility"/>): the user's <c>MKL_CBWR</c>,
    /// else the default requested at load. Products differ in the last bits between branches and thread counts, so
    /// result files record both.
    /// </summary>
    public static string MklBranch =>
        Environment.GetEnvironmentVariable(MklReproducibility.Variable) ?? MklReproducibility.DefaultBranch;

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
            OneDnnIsa.CapAtAvx2();
            MklReproducibility.Request();
            torch.InitializeDeviceType(DeviceType.CPU);
            torch.set_num_threads(ThreadCount);
            Nnpack.Disable();
            return null;
        }
        catch (Exception e) when (e is NotSupportedException or DllNotFoundException or TypeInitializationException)
        {
            return e;
        }
    }
}
