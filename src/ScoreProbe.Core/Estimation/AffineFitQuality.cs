namespace ScoreProbe.Core.Estimation;

/// <summary>
/// How much of a residual field the affine fit explains at each time: <c>R^2_a = 1 - sum ||R + Delta X - delta||^2 / sum ||R - Rbar||^2</c>
/// over the draws of each repetition, averaged over repetitions (for a field that is constant up to rounding, the denominator is
/// <c>sum ||R||^2</c>). 1 means the field is affine on the probed states (a Gaussian network's exact-score residual); small values
/// mean the error is mostly non-affine (or, for observable residuals, dominated by the noise term, whose variance the fit cannot
/// explain).
/// </summary>
public static class AffineFitQuality
{
    public static double[] RSquared(ResidualSet set, CoefficientSamples samples)
    {
        var d = set.Dim;
        var result = new double[set.TimeCount];
        var mean = new double[d];
        var misfit = new double[d];
        var rows = Enumerable.Range(0, set.Repetitions).Select(samples.Stacked.Row).ToArray();
        for (var a = 0; a < set.TimeCount; a++)
        {
            var sum = 0.0;
            for (var r = 0; r < set.Repetitions; r++)
            {
                var fit = CoefficientVectors.ToDirection(rows[r], a, d, samples.DiagonalDelta);
                var delta = fit.Delta!.ToColumnMajorArray();
                var shift = fit.Shift!.ToArray();
                Array.Clear(mean);
                for (var j = 0; j < set.Batch; j++)
                {
                    var residual = set.Residual(r, a, j);
                    for (var i = 0; i < d; i++) mean[i] += residual[i] / set.Batch;
                }
                double unexplained = 0, total = 0, squares = 0;
                for (var j = 0; j < set.Batch; j++)
                {
                    var x = set.State(r, a, j);
                    var residual = set.Residual(r, a, j);
                    for (var i = 0; i < d; i++)
                    {
                        var fitted = -shift[i];
                        for (var k = 0; k < d; k++) fitted += delta[k * d + i] * x[k];
                        misfit[i] = residual[i] + fitted;
                        unexplained += misfit[i] * misfit[i];
                        total += (residual[i] - mean[i]) * (residual[i] - mean[i]);
                        squares += residual[i] * residual[i];
                    }
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
