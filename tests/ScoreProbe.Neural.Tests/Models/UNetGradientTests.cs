using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Models;

/// <summary>
/// The U-Net's autograd gradient is the derivative of its output: checked against central finite differences
/// (Richardson-extrapolated, float64 accumulation of the float32 outputs) along random directions in all parameters.
/// </summary>
/// <remarks>
/// Regression for the libtorch 2.10 oneDNN defect described in docs/neural.md: its backward-data kernel for
/// <c>conv_out</c> (16 -> 1 channels) gave every parameter upstream of it a gradient unrelated to the function
/// (directional derivatives 1.17 and 4.69 where the differences give -1.04 and 10.50).
/// </remarks>
public class UNetGradientTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void DirectionalDerivativeMatchesCentralDifferences(int direction)
    {
        using var model = ModelPresets.Create("unet-small").Build(3);
        using var inputs = new Generator(3);
        using var x = randn([8, 1, 16, 16], generator: inputs);
        using var t = randint(0, 1000, [8], generator: inputs);
        using var weights = randn([8, 1, 16, 16], generator: inputs);
        var parameters = model.parameters().ToArray();
        using var directions = new Generator((ulong)(100 + direction));
        var steps = parameters.Select(p => randn(p.shape, generator: directions).mul_(0.01)).ToArray();

        using (var scope = NewDisposeScope()) model.forward(x, t).mul(weights).sum().backward();
        var analytic = parameters.Zip(steps).Sum(pair =>
        {
            using var scope = NewDisposeScope();
            return pair.First.grad!.to(ScalarType.Float64).mul(pair.Second.to(ScalarType.Float64)).sum().item<double>();
        });

        double Objective()
        {
            using var scope = NewDisposeScope();
            using var noGrad = no_grad();
            return model.forward(x, t).to(ScalarType.Float64).mul(weights.to(ScalarType.Float64)).sum().item<double>();
        }
        void Move(double h)
        {
            using var noGrad = no_grad();
            foreach (var (p, v) in parameters.Zip(steps)) p.add_(v, alpha: h);
        }
        double Central(double h)
        {
            Move(h);
            var plus = Objective();
            Move(-2 * h);
            var minus = Objective();
            Move(h);
            return (plus - minus) / (2 * h);
        }
        // Richardson: (4 D(h/2) - D(h)) / 3 cancels the h^2 term of the central difference.
        var numeric = (4 * Central(0.05) - Central(0.1)) / 3;

        Assert.True(Math.Abs(analytic - numeric) <= 1e-2 * Math.Abs(numeric),
            $"autograd {analytic:G6} vs finite differences {numeric:G6}");
        foreach (var step in steps) step.Dispose();
    }
}
