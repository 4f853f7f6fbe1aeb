using System.Diagnostics;
using ScoreProbe.Neural.Native;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>libtorch loads from the build output on this host, with the GLIBCXX patch applied exactly when needed.</summary>
public class TorchLoadTests
{
    private static readonly string OutputLibrary =
        Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native", "libLibTorchSharp.so");

    [Fact]
    public void ConvolutionRunsForwardAndBackwardWithTheAnalyticGradient()
    {
        NativeLoader.EnsureLoaded();
        using var conv = nn.Conv2d(1, 1, 3, padding: 1, bias: false);
        using (no_grad()) conv.weight!.fill_(1.0);
        using var x = ones(1, 1, 4, 4, requires_grad: true);
        using var y = conv.forward(x);
        // Interior pixels of a 3x3 all-ones kernel over ones see 9 inputs, edges 6, corners 4: sum = 4*9 + 8*6 + 4*4.
        Assert.Equal(100f, y.sum().item<float>());
        y.sum().backward();
        // d(sum)/d(w_ij) counts the pixels the tap (i, j) touches: centre 16, edge taps 12, corner taps 9.
        var grad = conv.weight!.grad!.reshape(9).data<float>().ToArray();
        Assert.Equal([9f, 12f, 9f, 12f, 16f, 12f, 9f, 12f, 9f], grad);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(40)]
    [InlineData(16)]
    public void Float32ConvolutionOfABatchMatchesTheIm2colProductForChannelCountsOneDnnAvx512GetsWrong(int inputChannels)
    {
        NativeLoader.EnsureLoaded();
        using var scope = NewDisposeScope();
        var generator = new Generator(7);
        var x = randn([3, inputChannels, 4, 4], generator: generator);
        var w = randn([16, inputChannels, 3, 3], generator: generator) * 0.1;
        var y = nn.functional.conv2d(x, w, padding: [1, 1]).to(ScalarType.Float64);
        // y[n, o, p] = sum over (c, tap) of patches[n, (c, tap), p] * w[o, (c, tap)], in float64.
        var patches = nn.functional.unfold(x.to(ScalarType.Float64), 3, padding: 1);
        var expected = w.to(ScalarType.Float64).reshape(16, -1).matmul(patches).reshape(3, 16, 4, 4);
        Assert.True((y - expected).abs().max().item<double>() < 1e-5);
    }

    [Fact]
    public void OutputLibraryRequiresGlibcxx3432OnlyWeaklyWhenTheHostLacksIt()
    {
        if (!OperatingSystem.IsLinux()) return;
        var host = new[] { "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "/usr/lib64/libstdc++.so.6" }.First(File.Exists);
        var hostHasVersion = Readelf("-V", host).Contains("GLIBCXX_3.4.32");
        var line = Readelf("-V", OutputLibrary).Split('\n').Single(l => l.Contains("Name: GLIBCXX_3.4.32"));
        var symbol = Readelf("--dyn-syms -W", OutputLibrary).Split('\n').Single(l => l.Contains("_ZSt21ios_base_library_initv"));
        if (hostHasVersion)
        {
            Assert.Contains("Flags: none", line);
            Assert.Contains("@GLIBCXX_3.4.32", symbol);
        }
        else
        {
            Assert.Contains("Flags: WEAK", line);
            Assert.DoesNotContain("@", symbol);
        }
    }

    private static string Readelf(string options, string file)
    {
        var start = new ProcessStartInfo("readelf", $"{options} {file}") { RedirectStandardOutput = true };
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
