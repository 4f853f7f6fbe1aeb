namespace ScoreProbe.Neural.Evaluation;

/// <summary>Which part of the reverse trajectory SIEM covers.</summary>
public enum SiemRange
{
    /// <summary>All timesteps T-1..0 (seed 004, Table 2 top row), plus the first-10% summary from the same run.</summary>
    Full,
    /// <summary>Only the first 10% of sampling, timesteps T-1..0.9T (999..900; Table 2 bottom row); the sampler stops there.</summary>
    First10,
}

/// <summary>Settings of a SIEM evaluation (seed 004, §6 eqs. (13)-(15), Appendix A and B.4).</summary>
/// <param name="Range">Full trajectory or first 10% only.</param>
/// <param name="Stride">Evaluate xi every <c>Stride</c> timesteps over the full range (1 = every step, as the paper); at most
/// twice <paramref name="FilterSigmaSteps"/>, since the filter must span neighbouring evaluated points.</param>
/// <param name="FirstStride">Evaluate xi every <c>FirstStride</c> timesteps within the first 10% (1 = as the paper).</param>
/// <param name="EpsilonL">Width <c>eps</c> of the radial Lorentz test function in <c>x / (eps + |x|^2)</c>; the paper gives none.
/// Default 1: negligible against <c>|x_t|^2</c> (about d for noise, the data's squared norm near t = 0) wherever the
/// data have more than a few dimensions, while it keeps the weight bounded (by <c>1 / (2 sqrt eps)</c>) near the origin.</param>
/// <param name="FilterSigmaSteps">Standard deviation, in timesteps, of the Gaussian filter that estimates <c>mu_t</c> (10).</param>
/// <param name="RatioClamp">The density ratio is clamped to <c>[1 / RatioClamp, RatioClamp]</c> (100, i.e. [0.01, 100]).</param>
public sealed record SiemOptions(
    SiemRange Range = SiemRange.Full,
    int Stride = 10,
    int FirstStride = 2,
    double EpsilonL = 1.0,
    double FilterSigmaSteps = 10,
    double RatioClamp = 100)
{
    /// <summary>Share of the timesteps that makes up the "first 10%" range.</summary>
    public const double FirstFraction = 0.1;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field for a schedule of <paramref name="timesteps"/> steps.</summary>
    public void Validate(int timesteps)
    {
        var firstSpan = FirstRangeLength(timesteps);
        if (Stride < 1 || Stride >= timesteps) throw new ArgumentException($"stride must be in 1..{timesteps - 1} (got {Stride})");
        // Beyond two filter widths the sigma = 10 smoothing no longer reaches the neighbouring points: mu_t would copy xi.
        if (Stride > 2 * FilterSigmaSteps || FirstStride > 2 * FilterSigmaSteps)
            throw new ArgumentException($"strides must be <= {2 * FilterSigmaSteps} (twice the filter sigma) so that mu_t smooths across evaluated steps (got {Stride} and {FirstStride})");
        if (FirstStride < 1 || FirstStride >= firstSpan) throw new ArgumentException($"first-range stride must be in 1..{firstSpan - 1} (got {FirstStride})");
        if (!(EpsilonL > 0)) throw new ArgumentException($"eps_L must be > 0 (got {EpsilonL})");
        if (!(FilterSigmaSteps > 0)) throw new ArgumentException($"filter sigma must be > 0 (got {FilterSigmaSteps})");
        if (!(RatioClamp >= 1)) throw new ArgumentException($"ratio clamp must be >= 1 (got {RatioClamp})");
    }

    /// <summary>Number of timesteps in the first-10% range (100 of 1000).</summary>
    public static int FirstRangeLength(int timesteps) => (int)Math.Round(FirstFraction * timesteps);

    /// <summary>Evaluated timesteps of the full range: T-1, T-1-Stride, ... down to 0 or above.</summary>
    public IReadOnlyList<int> FullTimesteps(int timesteps) => Grid(timesteps - 1, 0, Stride);

    /// <summary>Evaluated timesteps of the first 10%: T-1, T-1-FirstStride, ... down to T - T/10.</summary>
    public IReadOnlyList<int> FirstTimesteps(int timesteps) => Grid(timesteps - 1, timesteps - FirstRangeLength(timesteps), FirstStride);

    private static int[] Grid(int from, int to, int stride) =>
        Enumerable.Range(0, (from - to) / stride + 1).Select(k => from - k * stride).ToArray();
}
