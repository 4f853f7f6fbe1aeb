using System.Runtime.InteropServices;

namespace ScoreProbe.Neural.Native;

/// <summary>
/// Turns libtorch's NNPACK convolution path off. On CPUs NNPACK does not support (this machine), libtorch 2.10 tries
/// to initialise it at every eligible convolution and prints "Could not initialize NNPACK! Reason: Unsupported
/// hardware." to the process's native stderr each time. With the user switch off, libtorch never asks for NNPACK
/// (<c>use_nnpack</c> tests <c>userEnabledNNPACK()</c> first), so nothing is printed and the default (oneDNN / native)
/// kernels run, as they did anyway where NNPACK was unavailable.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 exposes no binding for <c>torch.backends.nnpack</c>, so the two exported C++ functions
/// <c>at::globalContext()</c> and the non-virtual member <c>at::Context::setUserEnabledNNPACK(bool)</c> are called
/// directly (x86-64 System V: <c>this</c> is the first argument).
/// </remarks>
internal static class Nnpack
{
    public static void Disable()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            SetUserEnabled(GlobalContext(), false);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A libtorch without these exports keeps its default; only the warning text is at stake.
        }
    }

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at13globalContextEv")]
    private static extern IntPtr GlobalContext();

    [DllImport("libtorch_cpu", EntryPoint = "_ZN2at7Context20setUserEnabledNNPACKEb")]
    private static extern void SetUserEnabled(IntPtr context, [MarshalAs(UnmanagedType.I1)] bool enabled);

    [DllImport("libtorch_cpu", EntryPoint = "_ZNK2at7Context17userEnabledNNPACKEv")]
    [return: MarshalAs(UnmanagedType.I1)]
    private static extern bool UserEnabled(IntPtr context);

    /// <summary>libtorch's current switch (false once <see cref="Disable"/> ran).</summary>
    public static bool Enabled => UserEnabled(GlobalContext());
}
