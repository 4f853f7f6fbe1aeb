using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>SIEM and the bias norm over one range of timesteps.</summary>
/// <param name="Siem">eq. (14): <c>sqrt(sum_t (xi(t) - mu_t)^2 dt)</c>, estimated from the evaluated timesteps (see <see cref="SiemStatistic"/>).</param>
/// <param name="MuNorm"><c>||mu_t||_2 = sqrt(sum_t mu_t^2 dt)</c>, the systematic part (Table 2's first row and column).</param>
/// <param name="Timesteps">The evaluated timesteps, in sampling order.</param>
/// <param name="Xi">xi at those timesteps (eq. (15)).</param>
/// <param name="Mu">The Gaussian-filtered xi, <c>mu_t</c>, at those timesteps.</param>
public sealed record SiemSummary(double Siem, double MuNorm, IReadOnlyList<int> Timesteps, IReadOnlyList<double> Xi, IReadOnlyList<double> Mu);

/// <summary>
/// Splits a xi series into bias and fluctuation (seed 004, §6 and Appendix B.4) so that a strided series estimates what
/// the paper computes from every timestep: <c>mu = G xi</c> with G scipy's <c>gaussian_filter1d(sigma = 10 timesteps,
/// mode = "reflect")</c> over the range, <c>SIEM^2 = (1/T) sum_t (xi_t - mu_t)^2</c>, <c>||mu||^2 = (1/T) sum_t mu_t^2</c>.
/// </summary>
/// <remarks>
/// <para>Model: <c>xi_t = b_t + e_t</c>, a bias b smooth on the scale of the filter and a fluctuation e that is white in t
/// (fresh data and a fresh classifier at every step) with a slowly varying variance <c>s_t^2</c>. At stride 1,
/// <c>E (xi_t - mu_t)^2 = ((I - G) b)_t^2 + s_t^2 c1_t</c> with <c>c1_t = sum_u (delta_tu - G_tu)^2</c> (about 0.948 inside
/// the range for sigma = 10) and <c>E mu_t^2 = (G b)_t^2 + s_t^2 g1_t</c>, <c>g1_t = sum_u G_tu^2</c> (about 0.028).</para>
/// <para>At stride k only every k-th timestep is known. The filter stays the same filter in timesteps: W is G's kernel folded
/// by the same reflection and restricted to the evaluated timesteps, each row renormalised
/// (<see cref="GaussianFilter1D.OnSubgrid"/>); its smoothing of b is G's up to the sampling of the kernel. Its white part
/// is not: with few points under the kernel, <c>W_ii</c> is large, so <c>r_i = xi_i - (W xi)_i</c> keeps only
/// <c>c_i = sum_j (delta_ij - W_ij)^2</c> of the variance (0.068 at k = 20 against 0.948) and <c>mu_i</c> takes
/// <c>w_i = sum_j W_ij^2</c> of it (0.64). Hence the estimator, point i standing for the <c>dt_i T</c> timesteps nearest to it
/// (k inside the range, see <see cref="SiemOptions.Grid"/>):</para>
/// <code>
/// SIEM^2  = sum_i dt_i (c1_i / c_i) r_i^2                         E = stride-1 value, white part exactly
/// ||mu||^2 = sum_i dt_i [ mu_i^2 - (r_i^2 / c_i) (w_i - g1_i) ]    (clamped at 0)
/// </code>
/// <para>with <c>c1_i</c>, <c>g1_i</c> the stride-1 factors at timestep <c>t_i</c>. Since <c>E r_i^2 / c_i = s_i^2</c> plus
/// the bias leak <c>((I - W) b)_i^2 / c_i</c>, both expectations equal the stride-1 ones for the white part; the only
/// error left is the bias leak, which stride 1 has too (<c>((I - G) b)^2</c>, tiny for a smooth b) but which the stride-k
/// estimator multiplies by <c>c1/c</c> (1.3 at k = 5, 2.0 at 10, 4.0 at 15, 14 at 20). That factor is what bounds the
/// allowed strides (<see cref="SiemOptions.MaxStride"/>). At stride 1 both formulas are the paper's exactly.</para>
/// </remarks>
public static class SiemStatistic
{
    /// <param name="timesteps">Evaluated timesteps in sampling order, evenly spaced, all inside [rangeLow, rangeHigh].</param>
    /// <param name="xi">xi at those timesteps.</param>
    /// <param name="rangeLow">Lowest timestep of the range (0 for 999..0, 900 for 999..900): the filter reflects half a step below it.</param>
    /// <param name="rangeHigh">Highest timestep of the range (999): the filter reflects half a step above it.</param>
    /// <param name="totalTimesteps">T, the number of training timesteps.</param>
    /// <param name="filterSigmaSteps">Filter standard deviation in timesteps (10 in the paper).</param>
    public static SiemSummary Summarise(IReadOnlyList<int> timesteps, IReadOnlyList<double> xi, int rangeLow, int rangeHigh, int totalTimesteps, double filterSigmaSteps)
    {
        if (timesteps.Count != xi.Count || xi.Count == 0) throw new ArgumentException($"need one xi per timestep (got {timesteps.Count} timesteps, {xi.Count} values)");
        var stride = timesteps.Count == 1 ? 1 : timesteps[0] - timesteps[1];
        if (stride < 1 || timesteps.Zip(timesteps.Skip(1), (a, b) => a - b).Any(d => d != stride))
            throw new ArgumentException("evaluated timesteps must be evenly spaced in descending order");
        var length = rangeHigh - rangeLow + 1;
        var positions = timesteps.Select(t => t - rangeLow).ToArray();
        var strided = GaussianFilter1D.OnSubgrid(positions, length, filterSigmaSteps);
        var everyStep = GaussianFilter1D.FullGridRows(positions, length, filterSigmaSteps);

        var mu = strided.Apply(xi);
        double residualSum = 0, biasSum = 0;
        for (var i = 0; i < xi.Count; i++)
        {
            var (row, full) = (strided.Rows[i], everyStep.Rows[i]);
            var kept = WhiteShareOfResidual(row, i);
            var keptAtStrideOne = WhiteShareOfResidual(full, positions[i]);
            if (!(kept > 0)) throw new ArgumentException($"stride {stride} leaves no other evaluated timestep under the filter at timestep {timesteps[i]}");
            var residual2 = (xi[i] - mu[i]) * (xi[i] - mu[i]);
            var whiteVariance = residual2 / kept;                                  // E = s_i^2 for the white part
            var dt = StandsFor(timesteps, i, rangeLow, rangeHigh) / totalTimesteps;
            residualSum += dt * keptAtStrideOne * whiteVariance;
            biasSum += dt * (mu[i] * mu[i] - whiteVariance * (row.SumOfSquares() - full.SumOfSquares()));
        }
        return new SiemSummary(Math.Sqrt(residualSum), Math.Sqrt(Math.Max(0, biasSum)), timesteps, xi, mu);   // eq. (14)
    }

    /// <summary>
    /// The timesteps point i stands for: those of [rangeLow - 1/2, rangeHigh + 1/2] nearer to it than to its neighbours
    /// (the stride inside the range; the ends take what is left up to the range's edges).
    /// </summary>
    private static double StandsFor(IReadOnlyList<int> timesteps, int i, int rangeLow, int rangeHigh)
    {
        var upper = i == 0 ? rangeHigh + 0.5 : 0.5 * (timesteps[i - 1] + timesteps[i]);
        var lower = i == timesteps.Count - 1 ? rangeLow - 0.5 : 0.5 * (timesteps[i] + timesteps[i + 1]);
        return upper - lower;
    }

    /// <summary>
    /// <c>sum_j (delta_ij - W_ij)^2</c>: the share of a unit white variance that stays in the residual <c>x_i - (W x)_i</c>.
    /// </summary>
    /// <param name="row">Row i of the filter W.</param>
    /// <param name="self">The column of the point itself (i).</param>
    public static double WhiteShareOfResidual(FilterRow row, int self)
    {
        var own = row.WeightOn(self);
        return (1 - own) * (1 - own) + row.SumOfSquares() - own * own;
    }
}
