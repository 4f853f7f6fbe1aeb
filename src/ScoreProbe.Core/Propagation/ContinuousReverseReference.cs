using System.Numerics;
using MathNet.Numerics.Integration;

namespace ScoreProbe.Core.Propagation;

/// <summary>
/// E0 of Theorem 5.1: the exact continuous reverse process (exact score, noise level alpha of the sampler's limit) started from
/// the proxy prior at T and stopped at t_k. In the eigenbasis every moment ODE is scalar with rate
/// <c>L_i(t) = beta(t)/2 - c g^2(t) / (a(t)^2 c_i + b2(t))</c>, <c>c = (1 + alpha^2)/2</c>. The true marginal solves the same ODE, so
/// the deviation from it decays exactly: <c>m - m_t = (m_prior - m_T) exp(int_t^T L)</c> and
/// <c>Sigma - Sigma_t = (Sigma_prior - Sigma_T) exp(2 int_t^T L)</c>. The integral uses Gauss–Legendre panels on the grid.
/// </summary>
public static class ContinuousReverseReference
{
    private const int PanelsPerStep = 2;
    private const int Order = 8;

    /// <summary>W2^2 between the reference and the continuous reverse process, at each grid index in <paramref name="recorded"/>.</summary>
    public static double[] E0(ReverseProblem problem, IReadOnlyList<int> recorded)
    {
        int d = problem.Dimension, steps = problem.Grid.Steps;
        var s = problem.Schedule;
        var c = problem.Target.Eigenvalues;
        var mu = problem.Target.MeanInEigenbasis;
        var halfC = 0.5 * (1 + problem.Sampler.LimitAlpha * problem.Sampler.LimitAlpha);
        double aT = s.MeanScale(problem.Grid.Horizon), b2T = s.NoiseVariance(problem.Grid.Horizon);

        var integral = RateIntegrals(problem, recorded, halfC);
        return recorded.Select(k =>
        {
            double t = problem.Grid[k], a = s.MeanScale(t), b2 = s.NoiseVariance(t);
            var logDrift = Math.Log(a) - Math.Log(aT); // int_t^T beta/2
            var (refMean, refVar) = problem.ReferenceMoments(k);
            var mean = new double[d];
            var variance = new double[d];
            for (var i = 0; i < d; i++)
            {
                var decay = Math.Exp(logDrift - integral[k]![i]);
                mean[i] = a * mu[i] + (0 - aT * mu[i]) * decay;
                variance[i] = a * a * c[i] + b2 + (problem.PriorVariance - (aT * aT * c[i] + b2T)) * decay * decay;
            }
            return Metrics.FrechetDistance.SquaredDiagonal(refMean, refVar, mean, variance);
        }).ToArray();
    }

    /// <summary>
    /// <c>integral_{t_k}^{T} c g^2 / (a^2 c_i + b2)</c> for every i at the recorded k (null elsewhere), accumulated from T
    /// downwards node by node in the same order for every mode, so the vector lanes give the bits of a scalar loop.
    /// </summary>
    private static double[]?[] RateIntegrals(ReverseProblem problem, IReadOnlyList<int> recorded, double halfC)
    {
        int d = problem.Dimension, steps = problem.Grid.Steps;
        var s = problem.Schedule;
        var rule = new GaussLegendreRule(0, 1, Order);
        var nodes = new (double Weight, double A2, double B2)[steps * PanelsPerStep * Order];
        var n = 0;
        for (var k = steps - 1; k >= 0; k--)
        {
            double lo = problem.Grid[k], hi = problem.Grid[k + 1], width = (hi - lo) / PanelsPerStep;
            for (var panel = 0; panel < PanelsPerStep; panel++)
            for (var q = 0; q < Order; q++)
            {
                var t = lo + width * (panel + rule.Abscissas[q]);
                nodes[n++] = (width * rule.Weights[q] * halfC * s.G2(t), s.MeanScale(t) * s.MeanScale(t), s.NoiseVariance(t));
            }
        }
        var integral = new double[]?[steps + 1];
        foreach (var k in recorded) integral[k] = new double[d];
        // Eigenvalues padded to whole vectors (the padding's lanes are computed and dropped).
        var lanes = Vector<double>.Count;
        var eigen = new double[(d + lanes - 1) / lanes * lanes];
        Array.Fill(eigen, 1.0);
        problem.Target.Eigenvalues.ToArray().CopyTo(eigen, 0);
        var nodesPerStep = PanelsPerStep * Order;
        for (var i = 0; i < d; i += lanes)
        {
            var e = new Vector<double>(eigen, i);
            var sum = Vector<double>.Zero;
            var valid = Math.Min(lanes, d - i);
            for (var k = steps; k >= 0; k--)
            {
                if (k < steps)
                    foreach (var (w, a2, b2) in nodes.AsSpan((steps - 1 - k) * nodesPerStep, nodesPerStep))
                        sum += new Vector<double>(w) / (new Vector<double>(a2) * e + new Vector<double>(b2));
                if (integral[k] is { } row)
                    for (var lane = 0; lane < valid; lane++) row[i + lane] = sum[lane];
            }
        }
        return integral;
    }
}
