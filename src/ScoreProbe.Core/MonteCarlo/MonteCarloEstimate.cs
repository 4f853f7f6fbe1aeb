namespace ScoreProbe.Core.MonteCarlo;

/// <summary>A Monte Carlo mean with the half-width of its 95% normal confidence interval.</summary>
public readonly record struct MonteCarloEstimate(double Mean, double HalfWidth95, int Samples)
{
    public double Lower => Mean - HalfWidth95;
    public double Upper => Mean + HalfWidth95;
    public bool Covers(double value) => value >= Lower && value <= Upper;

    /// <summary>Mean and <c>1.96 sd/sqrt(n)</c> of i.i.d. samples.</summary>
    public static MonteCarloEstimate FromSamples(IReadOnlyList<double> samples)
    {
        var n = samples.Count;
        var mean = samples.Average();
        var variance = n > 1 ? samples.Sum(x => (x - mean) * (x - mean)) / (n - 1) : double.PositiveInfinity;
        return new MonteCarloEstimate(mean, 1.959963984540054 * Math.Sqrt(variance / n), n);
    }
}
