using System.Diagnostics;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Native;

/// <summary>
/// A <see cref="Scalar"/> that TorchSharp or an implicit conversion creates lives until its DisposeScope ends, so the
/// finalizer thread cannot free it while libtorch reads it (build/PatchScalarLifetime.cs, docs/neural.md).
/// </summary>
public class ScalarLifetimeTests
{
    [Fact]
    public void AScalarMadeInsideADisposeScopeIsHeldByTheScopeAndDisposedWithIt()
    {
        ScoreProbe.Neural.Native.NativeLoader.EnsureLoaded();
        Scalar half;
        using (var scope = NewDisposeScope())
        {
            half = 0.5;
            Assert.Contains(half, scope.DisposablesView);
            Assert.Equal(0.5, half.ToDouble());
        }
        Assert.Throws<InvalidOperationException>(() => half.ToDouble());
    }

    /// <summary>
    /// Before the fix five operations in 24,000 to 53,000 (three seconds) failed here ("Expected false to be true" from
    /// <c>Scalar::toDouble</c>, "Unknown scalar type") on a loaded 2-core machine; an exact result is required of every
    /// one. Gen-0 collections are what free young temporaries, and they are fast, so they come often. Each kind creates
    /// its Scalar differently: an implicit conversion, TorchSharp's own <c>alpha = 1</c> of a tensor sum, and the
    /// <c>Tensor * double</c> operator.
    /// </summary>
    [Fact]
    public void ImplicitScalarsSurviveGarbageCollectionsStartedByAnotherThread()
    {
        ScoreProbe.Neural.Native.NativeLoader.EnsureLoaded();
        using var ones = torch.ones(4, dtype: ScalarType.Float64);
        var kinds = new (Func<Tensor> Run, double Expected)[] { (() => ones.add(0.5), 1.5), (() => ones + ones, 2), (() => ones * 0.25, 0.25) };
        var stop = 0;
        var collections = 0;
        var collector = new Thread(() =>
        {
            while (Volatile.Read(ref stop) == 0)
            {
                GC.Collect(0);
                GC.WaitForPendingFinalizers();
                collections++;
            }
        });
        collector.Start();
        var (operations, wrong) = (0, new List<string>());
        try
        {
            var clock = Stopwatch.StartNew();
            while (clock.Elapsed < TimeSpan.FromSeconds(3) && wrong.Count < 5)
            {
                using var scope = NewDisposeScope();
                var (run, expected) = kinds[operations++ % kinds.Length];
                try
                {
                    var value = run()[0].item<double>();
                    if (value != expected) wrong.Add($"{value} instead of {expected}");
                }
                catch (Exception e) when (e is System.Runtime.InteropServices.ExternalException or InvalidOperationException)
                {
                    wrong.Add(e.Message);
                }
            }
        }
        finally
        {
            Volatile.Write(ref stop, 1);
            collector.Join();
        }

        Assert.True(operations > 5_000 && collections > 50, $"too little stress: {operations} operations, {collections} collections");
        Assert.True(wrong.Count == 0, $"{wrong.Count} of {operations} operations went wrong: {string.Join("; ", wrong)}");
    }
}
