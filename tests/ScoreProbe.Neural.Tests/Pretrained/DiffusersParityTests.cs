using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Pretrained;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Pretrained;

/// <summary>Forward passes of diffusers UNet2DModel folders against the outputs the real diffusers computed for them.</summary>
public class DiffusersParityTests
{
    public const double Tolerance = 1e-5;

    [Theory]
    [InlineData("tiny")]
    [InlineData("tiny-ddpm-cifar")]
    public void UNet2DModelFolderReproducesDiffusersTimeEmbeddingAndOutput(string name)
    {
        var folder = DiffusersFixtures.Folder(name);
        var cases = DiffusersFixtures.Json(Path.Combine(name, "reference", "cases.json"));
        var (model, _, _) = DiffusersModelFolder.Load(folder);
        using var _model = model;
        Assert.Equal(cases["parameters"]!.GetValue<long>(), model.ParameterCount());
        var reference = Path.Combine(folder, "reference");
        foreach (var c in cases["cases"]!.AsArray())
        {
            using var sample = DiffusersFixtures.Tensor(reference, c!["sample"]!);
            using var timesteps = tensor(c["timesteps"]!.AsArray().Select(t => t!.GetValue<long>()).ToArray());
            using var expectedProjection = DiffusersFixtures.Tensor(reference, c["time_proj"]!);
            using var expectedEmbedding = DiffusersFixtures.Tensor(reference, c["time_embedding"]!);
            using var expectedOutput = DiffusersFixtures.Tensor(reference, c["output"]!);
            using var noGrad = no_grad();
            using var projection = model.TimeFeatures(timesteps);
            using var embedding = model.TimeEmbedding(timesteps);
            using var output = model.forward(sample, timesteps);
            Assert.InRange(DiffusersFixtures.MaxAbsDifference(projection, expectedProjection), 0, Tolerance);
            Assert.InRange(DiffusersFixtures.MaxAbsDifference(embedding, expectedEmbedding), 0, Tolerance);
            Assert.InRange(DiffusersFixtures.MaxAbsDifference(output, expectedOutput), 0, Tolerance);
        }
    }

    [Fact]
    public void DdpmCifarOptionsChangeTheOutputSoTheParityIsNotVacuous()
    {
        // The two fixtures share shapes and weights' seeds; reading one folder's weights with the other's options must
        // move the output by far more than the tolerance, or the options would not be exercised.
        var (cifar, _, _) = DiffusersModelFolder.Load(DiffusersFixtures.Folder("tiny-ddpm-cifar"));
        using var _cifar = cifar;
        var defaults = (UNetConfig)cifar.Config with { FlipSinToCos = true, FreqShift = 0, DownsamplePadding = 1, NormEps = 1e-5, AttentionHeadDim = 8 };
        using var other = defaults.Build();
        DiffusersWeights.Load(other, DiffusersWeights.Export(cifar), "test");
        using var x = randn([2, 1, 16, 16], generator: new Generator(0));
        using var t = tensor(new long[] { 10, 900 });
        using var noGrad = no_grad();
        using var a = cifar.forward(x, t);
        using var b = other.forward(x, t);
        Assert.True(DiffusersFixtures.MaxAbsDifference(a, b) > 1e-2);
    }
}
