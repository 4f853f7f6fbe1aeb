namespace ScoreProbe.Core.Statistics;

/// <summary>A point estimate with a bootstrap percentile interval at confidence <paramref name="Level"/>.</summary>
public sealed record BootstrapInterval(double Estimate, double Lower, double Upper, double Level, int Resamples)
{
    public bool Contains(double value) => value >= Lower && value <= Upper;
}
