using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// Separable (Kronecker) model of paper 000 §7 (iii) with an exponential-decay time kernel:
/// Sigma_ab = rho^|a - b| S, i.e. Sigma = K_rho (x) S in time-major order. S is moment-matched to the mean diagonal
/// block (1/m) sum_a Sigma_hat_aa (so k(a, a) = 1), and rho in [-0.999, 0.999] minimises the least-squares misfit
/// sum_{a,b} ||Sigma_hat_ab - rho^|a-b| S||_F^2 (grid search, then golden-section refinement). On a uniform grid with
/// spacing h, rho = exp(-h / ell) gives the kernel exp(-|s - s'| / ell). Only p^2/2 + 1 parameters, so the risk
/// no longer grows like m^2.
/// </summary>
public sealed class SeparableExponentialCovariance : ICovarianceStructure
{
    private const double RhoLimit = 0.999;

    public CovarianceStructureKind Kind => CovarianceStructureKind.Separable;

    public TimeCovarianceEstimate Fit(Matrix<double> samples, int times, int modesPerTime)
    {
        var empirical = new TimeCovarianceEstimate(EmpiricalCovariance.Of(samples), times, modesPerTime, CovarianceStructureKind.Unrestricted);
        var s = Matrix<double>.Build.Dense(modesPerTime, modesPerTime);
        for (var a = 0; a < times; a++) s += empirical.Block(a, a);
        s /= times;
        var sNorm2 = s.FrobeniusNorm() * s.FrobeniusNorm();
        // Misfit(rho) = const + sum_lag [count_lag rho^{2 lag} ||S||^2 - 2 rho^lag <Sigma_hat at lag, S>].
        var alignment = new double[times];
        var count = new double[times];
        for (var a = 0; a < times; a++)
            for (var b = 0; b < times; b++)
            {
                var lag = Math.Abs(a - b);
                alignment[lag] += empirical.Block(a, b).PointwiseMultiply(s).Enumerate().Sum();
                count[lag]++;
            }
        double Misfit(double rho)
        {
            var total = 0.0;
            for (var lag = 1; lag < times; lag++)
            {
                var power = Math.Pow(rho, lag);
                total += count[lag] * power * power * sNorm2 - 2.0 * power * alignment[lag];
            }
            return total;
        }
        var rhoHat = Minimise(Misfit);
        var kernel = Matrix<double>.Build.Dense(times, times, (a, b) => Math.Pow(rhoHat, Math.Abs(a - b)));
        return new TimeCovarianceEstimate(kernel.KroneckerProduct(s), times, modesPerTime, Kind, rho: rhoHat);
    }

    public ICovarianceStructure Frozen(TimeCovarianceEstimate fitted) => this;

    private static double Minimise(Func<double, double> f)
    {
        const int gridPoints = 400;
        var step = 2 * RhoLimit / gridPoints;
        var best = -RhoLimit;
        for (var k = 1; k <= gridPoints; k++)
        {
            var x = -RhoLimit + k * step;
            if (f(x) < f(best)) best = x;
        }
        double lo = Math.Max(-RhoLimit, best - step), hi = Math.Min(RhoLimit, best + step);
        var phi = (Math.Sqrt(5) - 1) / 2;
        for (var iteration = 0; iteration < 60; iteration++)
        {
            double x1 = hi - phi * (hi - lo), x2 = lo + phi * (hi - lo);
            if (f(x1) < f(x2)) hi = x2; else lo = x1;
        }
        return (lo + hi) / 2;
    }
}
