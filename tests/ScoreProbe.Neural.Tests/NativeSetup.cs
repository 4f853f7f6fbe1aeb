using System.Runtime.CompilerServices;
using ScoreProbe.Neural.Native;

namespace ScoreProbe.Neural.Tests;

/// <summary>
/// libtorch is set up (threads, oneDNN's instruction-set cap, NNPACK off) before any test touches a tensor, as the CLI does
/// at start-up: oneDNN reads its cap once, at its first primitive, so a test that made a tensor first would run every later
/// test of the process on other kernels than the CLI's child processes, and their results would differ in the last bits.
/// </summary>
internal static class NativeSetup
{
#pragma warning disable CA2255 // the initializer is the point: it must run before any test's first tensor
    [ModuleInitializer]
    internal static void Initialise() => NativeLoader.EnsureLoaded();
#pragma warning restore CA2255
}
