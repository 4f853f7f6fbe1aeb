using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>Parameters of <see cref="SinkhornDivergence"/>, named after geomloss' <c>SamplesLoss("sinkhorn", p=2, ...)</c>.</summary>
/// <param name="Blur">Final length scale sigma, finite and &gt; 0; the last temperature is <c>eps = blur^2</c> (seed 004, Appendix B.4: 0.05).</param>
/// <param name="Scaling">
/// Ratio of consecutive length scales of the eps-scaling schedule, in (0, <see cref="MaximumScaling"/>] (Appendix B.4: 0.9;
/// geomloss' default 0.5). The schedule takes about <c>ln(diameter / blur) / -ln(scaling)</c> steps.
/// </param>
public sealed record SinkhornOptions(double Blur = 0.05, double Scaling = 0.9)
{
    /// <summary>
    /// Largest scaling accepted: at 0.999 a schedule from a diameter 10^6 times the blur takes 13,800 steps, within
    /// <see cref="SinkhornDivergence.MaximumTemperatureSteps"/>; closer to 1 the step count (and the time) grows without bound.
    /// </summary>
    public const double MaximumScaling = 0.999;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> for a blur that is not finite and positive or a scaling outside (0, 0.999].</summary>
    public void Validate()
    {
        Guard.Positive("blur", Blur, "the blur is the final length scale of the Sinkhorn schedule (0.05 in the paper)");
        if (!(Scaling > 0 && Scaling <= MaximumScaling))
            throw new InvalidConfigurationException("scaling",
                $"must lie in (0, {MaximumScaling}] (got {Guard.Show(Scaling)}); each temperature step shrinks the blur by this factor, " +
                "so a scaling near 1 needs about ln(diameter / blur) / -ln(scaling) steps (0.9 in the paper, 0.99 for converged values)");
    }
}

/// <summary>
/// Debiased entropic optimal transport between two uniformly weighted point clouds, computed as geomloss'
/// <c>SamplesLoss("sinkhorn", p=2, blur, scaling, debias=True)</c> with the tensorised backend:
/// <code>
/// S_eps(a, b) = OT_eps(a, b) - OT_eps(a, a)/2 - OT_eps(b, b)/2,   cost C(x, y) = |x - y|^2 / 2,
/// OT_eps(a, b) = min_pi &lt;C, pi&gt; + eps KL(pi | a x b)
/// </code>
/// by symmetric log-domain Sinkhorn iterations <c>f_i = -eps log sum_j b_j exp((g_j - C_ij)/eps)</c> with
/// eps-scaling from <c>diameter^2</c> down to <c>blur^2</c> by the factor <c>scaling^2</c> per iteration, then one
/// extrapolation step at <c>blur^2</c>; <c>S = &lt;a, f_ab - f_aa&gt; + &lt;b, g_ba - g_bb&gt;</c>.
/// </summary>
/// <remarks>
/// Scale convention: geomloss' cost is half the squared distance, so <c>S</c> tends to <c>W2^2 / 2</c> as blur goes to 0.
/// ScoreProbe reports <c>W2 = sqrt(2 S)</c> (<see cref="W2"/>), in the units of the data. Computation runs in float64.
/// Like geomloss, the schedule takes one iteration per temperature, so at scaling 0.9 the result can fall short of the
/// converged value by about 1%; a scaling closer to 1 (0.99) converges (tests: exact assignments, Gaussian closed form).
/// <para>
/// Memory: the three transport problems (a-b, a-a, b-b) share nothing but the schedule, so they are solved one after the
/// other and only one dense cost matrix exists at a time (N x M doubles; 800 MB at N = M = 10,000), stored in row blocks of
/// about 8 million entries (<see cref="SinkhornCostMatrix"/>); building it takes one block-sized GEMM product at a time, and
/// the a-a and b-b costs only their upper triangle. Each soft-min is one fused max-then-sum sweep of the stored cost in
/// managed vector code (the column soft-min of the a-b problem by a running maximum over row tiles), so nothing else of size
/// N x M is allocated. The sweeps use <c>SCOREPROBE_THREADS</c> threads, each row or column chunk reduced by one thread in
/// a fixed order: the same bytes for every thread count.
/// </para>
/// </remarks>
public static class SinkhornDivergence
{
    private const double Exponent = 2;

    /// <summary>Most temperature steps one schedule may take (see <see cref="SinkhornOptions.MaximumScaling"/>).</summary>
    public const int MaximumTemperatureSteps = 20_000;

    /// <summary>
    /// <c>S_eps</c> for point clouds <c>x [N, D]</c>, <c>y [M, D]</c> (scalar tensor) or batches <c>x [B, N, D]</c>,
    /// <c>y [B, M, D]</c> (tensor [B]), float64.
    /// </summary>
    public static Tensor Compute(Tensor x, Tensor y, SinkhornOptions? options = null) =>
        Compute(x, y, options, SinkhornCostMatrix.DefaultBlockEntries);

    /// <summary>
    /// <see cref="Compute(Tensor, Tensor, SinkhornOptions?)"/> with cost blocks of at most <paramref name="blockEntries"/>
    /// entries, timing its parts into <paramref name="profile"/> when given.
    /// </summary>
    internal static Tensor Compute(Tensor x, Tensor y, SinkhornOptions? options, long blockEntries, SinkhornProfile? profile = null)
    {
        options ??= new SinkhornOptions();
        options.Validate();
        NativeLoader.EnsureLoaded();
        if (x.dim() != y.dim() || x.dim() is not (2 or 3) || x.shape[^1] != y.shape[^1] || (x.dim() == 3 && x.shape[0] != y.shape[0]))
            throw new ArgumentException($"point clouds must be [N, D] and [M, D] or [B, N, D] and [B, M, D] (got [{string.Join(", ", x.shape)}] and [{string.Join(", ", y.shape)}])");
        EnsureCostFits(x.shape[^2], y.shape[^2]);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var batched = x.dim() == 3;
        var xs = (batched ? x : x.unsqueeze(0)).to(ScalarType.Float64);
        var ys = (batched ? y : y.unsqueeze(0)).to(ScalarType.Float64);
        var diameter = Diameter(xs, ys);
        var batch = xs.shape[0];
        // Every point within 1e-154 of one place: all costs are 0 (to double precision) and so is S; the schedule would
        // start at a temperature of 0 and divide by it.
        if (Math.Pow(diameter, Exponent) == 0) return zeros(batched ? [batch] : [], ScalarType.Float64).MoveToOuterDisposeScope();
        // A cloud with NaN or infinite points (a diverged model) has no transport cost to report.
        if (!double.IsFinite(diameter)) return full(batched ? [batch] : [], double.NaN, ScalarType.Float64).MoveToOuterDisposeScope();
        var schedule = EpsilonSchedule(diameter, options.Blur, options.Scaling);
        profile ??= new SinkhornProfile();
        profile.Temperatures = schedule.Count;
        var divergence = stack(Enumerable.Range(0, (int)batch).Select(b => Divergence(xs[b], ys[b], schedule, blockEntries, profile)).ToArray());
        return (batched ? divergence : divergence.squeeze(0)).MoveToOuterDisposeScope();
    }

    /// <summary>The 2-Wasserstein estimate <c>sqrt(2 S_eps)</c> of two point clouds <c>[N, D]</c>, <c>[M, D]</c> (negative S clipped to 0).</summary>
    public static double W2(Tensor x, Tensor y, SinkhornOptions? options = null)
    {
        using var divergence = Compute(x, y, options);
        return Math.Sqrt(2 * Math.Max(divergence.item<double>(), 0));
    }

    /// <summary>
    /// Refuses clouds whose N x M cost matrix in float64 cannot fit in the <see cref="MemoryBudget"/>; callers that know N and M before expensive work call it first.
    /// </summary>
    public static void EnsureCostFits(long n, long m)
    {
        var bytes = (double)n * m * sizeof(double);
        MemoryBudget.Require("n", bytes, available =>
            $"gives a {n} x {m} Sinkhorn cost matrix of {bytes / 1e9:G3} GB in float64, more than half of the {available / 1e9:G3} GB " +
            $"this process may use; use at most {(long)Math.Sqrt(available / 2.0 / sizeof(double))} samples per cloud");
    }

    /// <summary>
    /// geomloss' <c>epsilon_schedule</c> for p = 2: <c>[diameter^2] + [exp(e) for e in arange(2 log diameter, 2 log blur,
    /// 2 log scaling)] + [blur^2]</c>. Refuses schedules longer than <see cref="MaximumTemperatureSteps"/>.
    /// </summary>
    public static IReadOnlyList<double> EpsilonSchedule(double diameter, double blur, double scaling)
    {
        var start = Exponent * Math.Log(diameter);
        var stop = Exponent * Math.Log(blur);
        var increment = Exponent * Math.Log(scaling);
        var steps = Math.Max(0, Math.Ceiling((stop - start) / increment));
        if (steps > MaximumTemperatureSteps)
        {
            var largest = Math.Exp(-Math.Log(diameter / blur) / MaximumTemperatureSteps);
            throw new InvalidConfigurationException("scaling",
                $"{Guard.Show(scaling)} needs {steps:G4} temperature steps from the diameter {Guard.Show(diameter)} of the clouds down to blur " +
                $"{Guard.Show(blur)}, more than the {MaximumTemperatureSteps} allowed; use a scaling <= {Math.Floor(largest * 1e4) / 1e4} or a larger blur");
        }
        var schedule = new List<double> { Math.Pow(diameter, Exponent) };
        for (var k = 0; k < (int)steps; k++) schedule.Add(Math.Exp(start + k * increment));
        schedule.Add(Math.Pow(blur, Exponent));
        return schedule;
    }

    /// <summary>S_eps of one pair of clouds <c>x [N, D]</c>, <c>y [M, D]</c>: the three transport problems one after the other.</summary>
    private static Tensor Divergence(Tensor x, Tensor y, IReadOnlyList<double> schedule, long blockEntries, SinkhornProfile profile)
    {
        var (n, m) = ((int)x.shape[0], (int)y.shape[0]);
        var logA = Enumerable.Repeat(Math.Log(1.0 / n), n).ToArray();
        var logB = Enumerable.Repeat(Math.Log(1.0 / m), m).ToArray();
        double[] fOnX, gOnY, fSelf, gSelf;
        using (var cost = profile.TimeCost(() => SinkhornCostMatrix.Build(x, y, blockEntries))) (fOnX, gOnY) = CrossPotentials(cost, logA, logB, schedule, profile);
        using (var cost = profile.TimeCost(() => SinkhornCostMatrix.BuildSymmetric(x, blockEntries))) fSelf = SelfPotential(cost, logA, schedule, profile);
        using (var cost = profile.TimeCost(() => SinkhornCostMatrix.BuildSymmetric(y, blockEntries))) gSelf = SelfPotential(cost, logB, schedule, profile);
        return ((tensor(fOnX) - tensor(fSelf)) * (1.0 / n)).sum() + ((tensor(gOnY) - tensor(gSelf)) * (1.0 / m)).sum();
    }

    /// <summary>
    /// The a-b problem: potentials f on x and g on y under symmetric (averaged) updates, as geomloss — they converge faster
    /// than alternating ones under eps-scaling — then one full update at the last temperature (the extrapolation).
    /// </summary>
    private static (double[] F, double[] G) CrossPotentials(SinkhornCostMatrix cost, double[] logA, double[] logB, IReadOnlyList<double> schedule,
        SinkhornProfile profile)
    {
        var (f, g) = Softmins(cost, schedule[0], logA, logB, profile);
        foreach (var eps in schedule)
        {
            var (fNext, gNext) = Softmins(cost, eps, Tilted(logA, f, eps), Tilted(logB, g, eps), profile);
            Average(f, fNext);
            Average(g, gNext);
        }
        var last = schedule[^1];
        return Softmins(cost, last, Tilted(logA, f, last), Tilted(logB, g, last), profile);
    }

    /// <summary>The a-a (or b-b) problem, whose cost is symmetric: one potential, row soft-mins only.</summary>
    private static double[] SelfPotential(SinkhornCostMatrix cost, double[] logA, IReadOnlyList<double> schedule, SinkhornProfile profile)
    {
        var f = RowSoftmin(cost, schedule[0], logA, profile);
        foreach (var eps in schedule) Average(f, RowSoftmin(cost, eps, Tilted(logA, f, eps), profile));
        var last = schedule[^1];
        return RowSoftmin(cost, last, Tilted(logA, f, last), profile);
    }

    /// <summary>Both soft c-transforms: <c>f_i = -eps log sum_j exp(hY_j - C_ij / eps)</c>, <c>g_j = -eps log sum_i exp(hX_i - C_ij / eps)</c>.</summary>
    private static (double[] F, double[] G) Softmins(SinkhornCostMatrix cost, double eps, double[] hX, double[] hY, SinkhornProfile profile) =>
        (RowSoftmin(cost, eps, hY, profile), profile.TimeSweep(() => cost.ColumnSoftmin(eps, hX)));

    private static double[] RowSoftmin(SinkhornCostMatrix cost, double eps, double[] h, SinkhornProfile profile) =>
        profile.TimeSweep(() => cost.RowSoftmin(eps, h));

    /// <summary><c>log w_i + f_i / eps</c>: the log-weights tilted by a potential, the exponent's offset in the next soft-min.</summary>
    private static double[] Tilted(double[] logWeights, double[] potential, double eps)
    {
        var h = new double[logWeights.Length];
        for (var i = 0; i < h.Length; i++) h[i] = logWeights[i] + potential[i] / eps;
        return h;
    }

    /// <summary><c>f = (f + next) / 2</c> in place: geomloss' symmetric update.</summary>
    private static void Average(double[] f, double[] next)
    {
        for (var i = 0; i < f.Length; i++) f[i] = (f[i] + next[i]) / 2;
    }

    /// <summary>Diagonal of the bounding box of both clouds (geomloss' <c>max_diameter</c>).</summary>
    private static double Diameter(Tensor x, Tensor y)
    {
        using var scope = NewDisposeScope();
        var all = cat([x.flatten(0, 1), y.flatten(0, 1)], 0);
        var span = all.amax([0]) - all.amin([0]);
        return span.norm().item<double>();
    }
}
