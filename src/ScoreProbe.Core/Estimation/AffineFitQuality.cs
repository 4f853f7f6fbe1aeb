using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// How much of a residual field the affine fit explains at each time: <c>R^2_a = 1 - sum ||R + Delta X - delta||^2 / sum ||R - Rbar||^2</c>
/// over the draws of each repetition, averaged over repetitions (for a field that is constant up to rounding, the denominator is
/// <c>sum ||R||^2</c>). 1 means the field is affine on the probed states (a Gaussian
/// network's exact-score residual); small values mean the error is mostly non-affine (or, for observable residuals, dominated by
/// the noise term, whose variance the fit cannot explain).
/// </summary>
public static class AffineFitQuality
{
    public static double[] RSquared(ResidualSet set, CoefficientSamples samples)
    {
        var d = set.Dim;
        var result = new double[set.TimeCount];
        for (var a = 0; a < set.TimeCount; a++)
        {
            var sum = 0.0;
            for (var r = 0; r < set.Repetitions; r++)
            {
                var z = samples.Stacked.Row(r);
                var direction = CoefficientVectors.ToDirection(z, a, d, samples.DiagonalDelta);
                var mean = Vector<double>.Build.Dense(d);
                for (var j = 0; j < set.Batch; j++) mean += Vector<double>.Build.DenseOfArray(set.Residual(r, a, j).ToArray());
                mean /= set.Batch;
                double unexplained = 0, total = 0, squares = 0;
                for (var j = 0; j < set.Batch; j++)
                {
                    var x = Vector<double>.Build.DenseOfArray(set.State(r, a, j).ToArray());
                    var residual = Vector<double>.Build.DenseOfArray(set.Residual(r, a, j).ToArray());
                    var misfit = residual + direction.Delta! * x - direction.Shift!;
                    unexplained += misfit.DotProduct(misfit);
                    total += (residual - mean).DotProduct(residual - mean);
                    squares += residual.DotProduct(residual);
                }
                // A (nearly) constant field has no variance to explain; measure the misfit against its size instead.
                var scale = total > 1e-12 * squares ? total : squares;
                sum += scale > 0 ? 1 - unexplained / scale : 1;
            }
            result[a] = sum / set.Repetitions;
        }
        return result;
    }
}
