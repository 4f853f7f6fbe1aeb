using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>SIEM and the bias norm over one range of timesteps.</summary>
/// <param name="Siem">eq. (14): <c>sqrt(sum_t (xi(t) - mu_t)^2 dt)</c>.</param>
/// <param name="MuNorm"><c>||mu_t||_2 = sqrt(sum_t mu_t^2 dt)</c>, the systematic part (Table 2's first row and column).</param>
/// <param name="Timesteps">The evaluated timesteps, in sampling order.</param>
/// <param name="Xi">xi at those timesteps (eq. (15)).</param>
/// <param name="Mu">The Gaussian-filtered xi, <c>mu_t</c>.</param>
public sealed record SiemSummary(double Siem, double MuNorm, IReadOnlyList<int> Timesteps, IReadOnlyList<double> Xi, IReadOnlyList<double> Mu);

/// <summary>
/// Splits a xi series into bias and fluctuation (seed 004, §6 and Appendix B.4): <c>mu_t</c> is the series smoothed by a
/// Gaussian filter (scipy's gaussian_filter1d, reflect mode) of <c>sigma</c> timesteps, SIEM the L2 norm of
/// <c>xi - mu</c>. Each evaluated point stands for <c>dt = stride / T</c> of the unit time interval, so that with stride 1
/// over all T steps the squared SIEM is the mean of the squared residuals, as Appendix B.4 states; strided series
/// estimate the same sums.
/// </summary>
public static class SiemStatistic
{
    /// <param name="timesteps">Evaluated timesteps in sampling order, evenly spaced by <paramref name="stride"/>.</param>
    /// <param name="xi">xi at those timesteps.</param>
    /// <param name="stride">Spacing of the evaluated timesteps.</param>
    /// <param name="totalTimesteps">T, the number of training timesteps.</param>
    /// <param name="filterSigmaSteps">Filter standard deviation in timesteps (10 in the paper).</param>
    public static SiemSummary Summarise(IReadOnlyList<int> timesteps, IReadOnlyList<double> xi, int stride, int totalTimesteps, double filterSigmaSteps)
    {
        if (timesteps.Count != xi.Count || xi.Count == 0) throw new ArgumentException($"need one xi per timestep (got {timesteps.Count} timesteps, {xi.Count} values)");
        var mu = GaussianFilter1D.Apply(xi, filterSigmaSteps / stride);
        var dt = (double)stride / totalTimesteps;
        var residual = xi.Zip(mu, (x, m) => (x - m) * (x - m)).Sum();
        var bias = mu.Sum(m => m * m);
        return new SiemSummary(Math.Sqrt(residual * dt), Math.Sqrt(bias * dt), timesteps, xi, mu);   // eq. (14)
    }
}
