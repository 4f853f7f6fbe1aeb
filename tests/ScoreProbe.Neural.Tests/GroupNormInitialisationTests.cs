using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>Regression: TorchSharp's GroupNorm left its affine parameters uninitialised; every fresh U-Net must start from weight 1, bias 0.</summary>
public class GroupNormInitialisationTests
{
    [Fact]
    public void EveryNormLayerStartsAsTheIdentityAffineMap()
    {
        for (var repeat = 0; repeat < 5; repeat++)
        {
            using var model = ModelPresets.Create("unet-small").Build();
            var norms = model.named_parameters().Where(p => p.name.Contains("norm")).ToArray();
            Assert.NotEmpty(norms);
            foreach (var (name, parameter) in norms)
            {
                var expected = name.EndsWith("weight") ? 1f : 0f;
                Assert.True(parameter.data<float>().ToArray().All(v => v == expected), $"{name} is not {expected} after construction");
            }
            using var x = randn([2, 1, 16, 16], generator: new Generator(0));
            using var noGrad = no_grad();
            Assert.True(model.forward(x, tensor(new long[] { 1, 999 })).isfinite().all().item<bool>());
        }
    }
}
