using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Native;

public class MklReproducibilityTests
{
    /// <summary>
    /// Without a fixed MKL branch, a product read from an 8-byte-offset view differed from the same product of an aligned
    /// copy in the last bits (n = 600, d = 301, offsets 1 and 3); with <c>MKL_CBWR</c> set by the loader they are equal.
    /// </summary>
    [Fact]
    public void A_matrix_product_has_the_same_bits_whatever_the_alignment_of_its_operands()
    {
        const int n = 600, d = 301;
        using var scope = NewDisposeScope();
        using var buffer = randn([n * d + 4], ScalarType.Float64, generator: new Generator(7));
        for (var offset = 0; offset < 4; offset++)
        {
            var view = buffer[offset..(offset + n * d)].view(n, d);
            var copy = view.clone();
            var fromView = view.matmul(view.t()[.., ..37]).data<double>().ToArray();
            var fromCopy = copy.matmul(copy.t()[.., ..37]).data<double>().ToArray();
            Assert.Equal(fromCopy, fromView);
        }
    }
}
