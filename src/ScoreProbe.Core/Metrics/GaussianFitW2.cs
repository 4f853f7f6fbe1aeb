using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Metrics;

/// <summary>
/// The measured error of a sampler whose output is (close to) Gaussian: W2^2 between the data Gaussian <c>N(mu, C)</c> and the
/// Gaussian fit <c>N(m_hat, S_hat)</c> of N samples (unbiased covariance). The plug-in value is biased upward:
/// <c>E|m_hat - mu|^2 = |m - mu|^2 + tr Sigma / N</c>, and the Wishart fluctuation of S_hat,
/// <c>Cov(S_ij, S_kl) = (Sigma_ik Sigma_jl + Sigma_il Sigma_jk)/(N - 1)</c>, adds
/// <c>1/2 E D^2 B^2[dS, dS] = (1/(2(N-1))) [sum_ij sqrt(mu_i mu_j)/(sqrt mu_i + sqrt mu_j) + 1/2 sum_i sqrt mu_i]</c>, mu the eigenvalues of
/// <c>C^{1/2} Sigma C^{1/2}</c> (from the Hessian of <see cref="BuresGeometry"/>; in 1-D it is <c>sqrt(c Sigma)/(2(N-1))</c>).
/// <see cref="Measure"/> subtracts both at the sample covariance (the remaining bias is O(N^{-3/2})) and bootstraps the samples for
/// a 95% interval (recentred: resampling re-introduces the bias the estimate removed, <see cref="Bootstrap.RecentredPercentile"/>). <see cref="MeasureAgainstControl"/> adds a control variate: samples of a process with a known exact value, driven
/// by the same noise, whose estimation error cancels most of the sampling error.
/// </summary>
public static class GaussianFitW2
{
    /// <summary>Plug-in W2^2 to the Gaussian fit of the rows of <paramref name="samples"/> (N x d).</summary>
    public static double PlugIn(Vector<double> mu, Matrix<double> c, Matrix<double> samples)
    {
        var (mean, covariance) = FrechetDistance.MeanAndCovariance(samples);
        return FrechetDistance.Squared(mu, c, mean, covariance);
    }

    /// <summary>The first-order bias of <see cref="PlugIn"/> for N samples of a Gaussian with covariance Sigma (see the class remarks).</summary>
    public static double Bias(Matrix<double> c, Matrix<double> sigma, int n)
    {
        var cHalf = SymmetricEigen.SqrtPsd(c);
        var mu = SymmetricEigen.Of(cHalf * sigma * cHalf).Values.Map(v => Math.Max(v, 0.0));
        var root = mu.PointwiseSqrt();
        var cross = 0.0;
        for (var i = 0; i < root.Count; i++)
        for (var j = 0; j < root.Count; j++)
            if (root[i] + root[j] > 0) cross += root[i] * root[j] / (root[i] + root[j]);
        return sigma.Trace() / n + (cross + 0.5 * root.Sum()) / (2.0 * (n - 1));
    }

    /// <summary>Bias-corrected W2^2 of the samples to <c>N(mu, C)</c>, with a bootstrap 95% percentile interval over the samples.</summary>
    public static GaussianFitEstimate Measure(Vector<double> mu, Matrix<double> c, Matrix<double> samples, int resamples, int seed)
    {
        var (plugIn, bias) = Corrected(mu, c, samples);
        var interval = Bootstrap.RecentredPercentile(samples.RowCount, rows =>
        {
            var (p, b) = Corrected(mu, c, Rows(samples, rows));
            return p - b;
        }, resamples, seed);
        return new GaussianFitEstimate(plugIn - bias, interval.Lower, interval.Upper, plugIn, bias, samples.RowCount);
    }

    /// <summary>
    /// The same quantity with a control variate: <c>W(samples) - W(control) + controlExact</c>, both W bias-corrected, where row j of
    /// <paramref name="control"/> was drawn with the same noise as row j of <paramref name="samples"/> from a process whose exact
    /// W2^2 is <paramref name="controlExact"/>. The bootstrap resamples the pairs. Unbiased to first order in 1/N; precise when the
    /// two processes are close.
    /// </summary>
    public static GaussianFitEstimate MeasureAgainstControl(Vector<double> mu, Matrix<double> c, Matrix<double> samples, Matrix<double> control,
        double controlExact, int resamples, int seed)
    {
        if (control.RowCount != samples.RowCount || control.ColumnCount != samples.ColumnCount)
            throw new ArgumentException($"control samples {control.RowCount}x{control.ColumnCount} must pair with {samples.RowCount}x{samples.ColumnCount}");
        double Statistic(Matrix<double> x, Matrix<double> y)
        {
            var (px, bx) = Corrected(mu, c, x);
            var (py, by) = Corrected(mu, c, y);
            return px - bx - (py - by) + controlExact;
        }
        var (plugIn, bias) = Corrected(mu, c, samples);
        var value = Statistic(samples, control);
        var interval = Bootstrap.RecentredPercentile(samples.RowCount, rows => Statistic(Rows(samples, rows), Rows(control, rows)), resamples, seed);
        return new GaussianFitEstimate(value, interval.Lower, interval.Upper, plugIn, bias, samples.RowCount);
    }

    private static (double PlugIn, double Bias) Corrected(Vector<double> mu, Matrix<double> c, Matrix<double> samples)
    {
        var (mean, covariance) = FrechetDistance.MeanAndCovariance(samples);
        return (FrechetDistance.Squared(mu, c, mean, covariance), Bias(c, covariance, samples.RowCount));
    }

    private static Matrix<double> Rows(Matrix<double> samples, int[] rows) =>
        Matrix<double>.Build.Dense(rows.Length, samples.ColumnCount, (i, j) => samples[rows[i], j]);
}

/// <summary>
/// A measured W2^2 of a Gaussian fit: the bias-corrected <paramref name="Value"/> with its 95% interval, the plug-in value and the
/// bias that was subtracted (evaluated on the samples), from <paramref name="Samples"/> samples.
/// </summary>
public sealed record GaussianFitEstimate(double Value, double Lower, double Upper, double PlugIn, double Bias, int Samples)
{
    public bool Covers(double value) => value >= Lower && value <= Upper;
}
