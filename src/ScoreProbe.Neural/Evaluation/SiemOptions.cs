using ScoreProbe.Core;
using ScoreProbe.Core.Validation;

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
/// <see cref="MaxStride"/>.</param>
/// <param name="FirstStride">Evaluate xi every <c>FirstStride</c> timesteps within the first 10% (1 = as the paper); at most
/// <see cref="MaxFirstStride"/>.</param>
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
    double FilterSigmaSteps = SiemOptions.PaperFilterSigma,
    double RatioClamp = 100)
{
    /// <summary>Share of the timesteps that makes up the "first 10%" range.</summary>
    public const double FirstFraction = 0.1;

    /// <summary>Appendix B.4: <c>mu_t</c> is a Gaussian filter of sigma = 10 timesteps.</summary>
    public const double PaperFilterSigma = 10;

    /// <summary>
    /// Largest stride over 999..0 (sigma = 10 steps). <see cref="SiemStatistic"/> corrects the white part of xi exactly at any
    /// stride; what grows with the stride is the factor <c>c1/c</c> by which it multiplies the bias leak <c>((I - W) b)^2</c>
    /// (2.0 at 10, 4.0 at 15, 14 at 20, 1.6e3 at 30). On the reference series of the stride test, a trend of period 200 steps
    /// (the shortest the sigma = 10 filter passes with 95% of its amplitude) three noise sds high, six times steeper than the
    /// xi of a trained MNIST model, the expected SIEM stays within 5% of every-step SIEM up to stride 20 (4.3%) and leaves
    /// it at 21 (5.2%).
    /// </summary>
    public const int MaxStride = 20;

    /// <summary>
    /// Largest stride within 999..900. The range is cut at 900 where the bias goes on, and its ||mu|| is small, so it is the
    /// more stride-sensitive: on the reference series SIEM and ||mu|| stay within 2% and 3% up to 10 and ||mu|| leaves 5% at 13.
    /// </summary>
    public const int MaxFirstStride = 10;

    /// <summary>Largest accepted <see cref="EpsilonL"/>: far above every |x_t|^2 (at most about d, ~1e4 for 3x64x64) the weight is just x / eps.</summary>
    public const double MaxEpsilonL = 1e6;

    /// <summary>Smallest accepted <see cref="EpsilonL"/>: the weight's bound <c>1 / (2 sqrt eps)</c> stays below 500.</summary>
    public const double MinEpsilonL = 1e-6;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first invalid field for a schedule of <paramref name="timesteps"/> steps.</summary>
    public void Validate(int timesteps)
    {
        Guard.Positive("filter-sigma", FilterSigmaSteps);
        var (maxFull, maxFirst) = (MaxStrideFor(MaxStride), MaxStrideFor(MaxFirstStride));
        Guard.InRange("stride", Stride, 1, Math.Min(maxFull, timesteps - 1),
            $"the largest stride at which the strided SIEM stays within 5% of every-step SIEM is {maxFull} (sigma = {Guard.Show(FilterSigmaSteps)} timesteps)");
        Guard.InRange("stride-first", FirstStride, 1, Math.Min(maxFirst, FirstRangeLength(timesteps) - 2),
            $"the largest first-10% stride at which the strided SIEM stays within 5% of every-step SIEM is {maxFirst} (sigma = {Guard.Show(FilterSigmaSteps)} timesteps)");
        Guard.InRange("eps-l", EpsilonL, MinEpsilonL, MaxEpsilonL, "eps-L is a squared length in data units; the default is 1");
        if (!(RatioClamp >= 1) || !double.IsFinite(RatioClamp))
            throw new InvalidConfigurationException("ratio-clamp", $"must be a finite number >= 1 (got {Guard.Show(RatioClamp)})");
    }

    /// <summary>The limit for this filter width: the allowed strides scale with sigma (the leak depends on stride / sigma).</summary>
    private int MaxStrideFor(int atPaperSigma) => Math.Max(1, (int)Math.Floor(atPaperSigma * FilterSigmaSteps / PaperFilterSigma));

    /// <summary>Number of timesteps in the first-10% range (100 of 1000).</summary>
    public static int FirstRangeLength(int timesteps) => (int)Math.Round(FirstFraction * timesteps);

    /// <summary>Evaluated timesteps of the full range T-1..0 (<see cref="Grid"/>).</summary>
    public IReadOnlyList<int> FullTimesteps(int timesteps) => Grid(timesteps - 1, 0, Stride);

    /// <summary>Evaluated timesteps of the first 10%, T-1..T - T/10 (<see cref="Grid"/>).</summary>
    public IReadOnlyList<int> FirstTimesteps(int timesteps) => Grid(timesteps - 1, timesteps - FirstRangeLength(timesteps), FirstStride);

    /// <summary>
    /// Every <paramref name="stride"/>-th timestep of [<paramref name="low"/>, <paramref name="high"/>] in sampling order,
    /// starting (stride - 1) / 2 steps below <paramref name="high"/> so that each point sits in the middle of the timesteps it
    /// stands for (999, 998, ... at stride 1; 990, 970, ..., 10 at stride 20; 997, 992, ..., 902 at stride 5 within 999..900).
    /// A grid that starts at the top edge over-weights that edge by half a stride: with a bias that changes across the range
    /// the sums of eq. (14) would drift with the stride.
    /// </summary>
    public static int[] Grid(int high, int low, int stride)
    {
        var top = high - (stride - 1) / 2;
        return Enumerable.Range(0, (top - low) / stride + 1).Select(k => top - k * stride).ToArray();
    }
}
