using ScoreProbe.Core.Numerics;

namespace ScoreProbe.Core.Design;

/// <summary>
/// The complete second-order kernel Q at the final step for isotropic errors and a single-stage sampler, in <see cref="Dual"/>
/// numbers: the per-mode trackers of <see cref="Kernel.IsotropicModeKernelEngine"/> (same recursions, one time component at a time).
/// With <c>A_i</c> the exact-score amplification, q the score weight, <c>s, m</c> the step's input moments:
/// <c>dm_i' = A_i dm_i + q (delta_i - sum_j Delta_ij m_j)</c> (eq. (26)), <c>dSigma_ij' = A_i A_j dSigma_ij - q (Delta_ij s_j A_j + A_i s_i Delta_ji)</c>
/// (eq. (27)), <c>E dm2_i' = A_i E dm2_i - q sD E[Delta_ii dm1_i]</c>,
/// <c>E dSigma2_ii' = A_i^2 E dSigma2_ii - 2 q A_i sD sum_j E[Delta_ij dSigma1_ij] + q^2 sD sigma_n^2 sum_j s_j</c>.
/// With <paramref name="complete"/> false only the curvature part (the paper kernel, <c>1/2 E&lt;y1, Hess F y1&gt;</c>, a sum of squares):
/// the second-order means <c>&lt;grad F*, E y2&gt;</c> are left out.
/// </summary>
internal sealed class KernelSweep(int d, int steps, Dual[][] slope, Dual[] weight, Dual[][] mean, Dual[][] variance,
    double shiftVariance, double deltaVariance, bool hasMean, double[] refMean, double[] refVariance, bool complete = true)
{
    /// <summary>Q contributed by one time component <c>z_n = sigma_n u_n</c>, <c>u_n = phi_n u_{n-1} + ...</c>.</summary>
    public Dual Component(Dual[] phi, Dual[] sigma)
    {
        Dual total = 0;
        var final = variance[steps];
        var sqrtS = final.Select(Dual.Sqrt).ToArray();
        var sqrtC = refVariance.Select(Math.Sqrt).ToArray();
        for (var i = 0; i < d; i++)
        {
            var shift = new Tracker();
            var covDiagonal = new Tracker();
            var meanDiagonal = new Tracker();
            var covRow = new Tracker[d];
            var meanRow = new Tracker[d];
            Dual secondMean = 0, secondCov = 0;
            for (var p = 0; p < steps; p++)
            {
                Dual f = phi[p], s = sigma[p], q = weight[p], ai = slope[p][i];
                var a = slope[p];
                var sPrev = variance[p];
                var mPrev = mean[p];
                if (shiftVariance > 0) shift.Add(f, s, ai, q);
                if (deltaVariance > 0)
                {
                    Dual crossSum = 0, varianceSum = 0;
                    for (var j = 0; j < d; j++)
                    {
                        varianceSum += sPrev[j];
                        if (j != i) crossSum += covRow[j].Add(f, s, ai * a[j], -q * sPrev[j] * a[j]);
                    }
                    crossSum += covDiagonal.Add(f, s, ai * ai, -2.0 * q * sPrev[i] * ai);
                    secondCov = ai * ai * secondCov - 2.0 * q * ai * deltaVariance * crossSum + q * q * deltaVariance * s * s * varianceSum;
                    if (hasMean)
                    {
                        for (var j = 0; j < d; j++)
                            if (j != i) meanRow[j].Add(f, s, ai, -q * mPrev[j]);
                        secondMean = ai * secondMean - q * deltaVariance * meanDiagonal.Add(f, s, ai, -q * mPrev[i]);
                    }
                }
            }

            total += shiftVariance * shift.Square;
            if (deltaVariance > 0)
            {
                // Commuting Bures weights w_ij = sqrt(c_i c_j) / (sqrt(s_i s_j) (sqrt(c_i s_i) + sqrt(c_j s_j))).
                Dual weighted = 0;
                for (var j = 0; j < d; j++)
                {
                    var w = sqrtC[i] * sqrtC[j] / (sqrtS[i] * sqrtS[j] * (sqrtC[i] * sqrtS[i] + sqrtC[j] * sqrtS[j]));
                    weighted += j == i ? 0.5 * w * covDiagonal.Square : w * covRow[j].Square;
                }
                total += deltaVariance * weighted;
                if (hasMean)
                {
                    Dual squares = meanDiagonal.Square;
                    for (var j = 0; j < d; j++)
                        if (j != i) squares += meanRow[j].Square;
                    total += deltaVariance * squares;
                }
            }
            if (complete) total += 2.0 * (mean[steps][i] - refMean[i]) * secondMean + (1.0 - sqrtC[i] / sqrtS[i]) * secondCov;
        }
        return total;
    }

    /// <summary>Second moments <c>E[y u_n]</c> and <c>E[y^2]</c> of one scalar functional y of the time process.</summary>
    private struct Tracker
    {
        private Dual _cross;

        public Dual Square { get; private set; }

        /// <summary><c>y &lt;- lambda y + c z_n</c>; returns <c>E[y z_n]</c> before the update.</summary>
        public Dual Add(Dual phi, Dual sigma, Dual lambda, Dual forcing)
        {
            var g = _cross * phi;
            Square = lambda * lambda * Square + 2.0 * lambda * forcing * sigma * g + forcing * forcing * sigma * sigma;
            _cross = lambda * g + forcing * sigma;
            return sigma * g;
        }
    }
}
