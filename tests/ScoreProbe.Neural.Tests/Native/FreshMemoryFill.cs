using System.Runtime.InteropServices;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Native;

/// <summary>
/// Switches libtorch's CPU allocator (c10 <c>alloc_cpu</c>) to fill every new block with zeros or with its junk pattern
/// <c>0x7fedbeef</c> (a NaN as float) while the scope lives: a result that depends on memory a kernel never wrote
/// changes between the two.
/// </summary>
/// <remarks>
/// The switches are the exported globals <c>FLAGS_caffe2_cpu_allocator_do_zero_fill</c> and
/// <c>FLAGS_caffe2_cpu_allocator_do_junk_fill</c> of libc10 (one byte each, no gflags in the libtorch build). They are
/// process-wide, so tests using this run in <see cref="ProcessWideNativeStateCollection"/>.
/// </remarks>
internal sealed class FreshMemoryFill : IDisposable
{
    public enum Pattern { Zeros, NaN }

    private readonly IntPtr _zero;
    private readonly IntPtr _junk;

    public FreshMemoryFill(Pattern pattern)
    {
        ScoreProbe.Neural.Native.NativeLoader.EnsureLoaded();
        var c10 = NativeLibrary.Load("libc10.so", typeof(TorchSharp.torch).Assembly, null);
        _zero = NativeLibrary.GetExport(c10, "FLAGS_caffe2_cpu_allocator_do_zero_fill");
        _junk = NativeLibrary.GetExport(c10, "FLAGS_caffe2_cpu_allocator_do_junk_fill");
        Marshal.WriteByte(_zero, pattern == Pattern.Zeros ? (byte)1 : (byte)0);
        Marshal.WriteByte(_junk, pattern == Pattern.NaN ? (byte)1 : (byte)0);
    }

    public void Dispose()
    {
        Marshal.WriteByte(_zero, 0);
        Marshal.WriteByte(_junk, 0);
    }
}

/// <summary>Tests that change process-wide libtorch state run alone, after the parallel ones.</summary>
[CollectionDefinition(nameof(ProcessWideNativeStateCollection), DisableParallelization = true)]
public sealed class ProcessWideNativeStateCollection;
