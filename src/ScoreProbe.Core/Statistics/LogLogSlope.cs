namespace ScoreProbe.Core.Statistics;

/// <summary>Power-law exponent p of y ~ c x^p: the OLS slope of log y on log x (natural logs), e.g. a convergence rate.</summary>
public static class LogLogSlope
{
    public static LinearFit Fit(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        if (x.Any(v => !(v > 0)) || y.Any(v => !(v > 0))) throw new ArgumentException("log-log fits need strictly positive x and y.");
        return LinearFit.Ols(x.Select(v => Math.Log(v)).ToArray(), y.Select(v => Math.Log(v)).ToArray());
    }
}
