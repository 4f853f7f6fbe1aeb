using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Estimation;

namespace ScoreProbe.Core.Design;

/// <summary>
/// A trained network's estimated score error as a function of time, in the form the grid designer contracts: two independent
/// isotropic parts, Delta (per-entry variance <c>v_Delta(t)</c>) and delta (per-coordinate variance <c>v_delta(t)</c>), each an
/// Ornstein–Uhlenbeck process in time with its own correlation length. The variances are the networks' second moments
/// <c>(1/M) sum_j ||z_{j,a}||^2</c> of the fitted affine errors at the probed knots (systematic error and across-network spread together,
/// <see cref="EnsembleErrorEstimate"/>), less the fitting noise the repetition means carry (<c>tr S/R</c>, also across times, since
/// the pairs are common), per entry; the standard deviations are interpolated linearly in t between knots (constant outside), so the
/// designer can move evaluation times continuously and differentiate exactly. The correlation length of each part is the median
/// over adjacent knots of <c>-(t_b - t_a)/log rho_ab</c>, rho the same second moment normalised.
/// This is a centred isotropic surrogate of the network's error: a deterministic error enters the full prediction also through its
/// first-order term and its direction, which the surrogate drops (both are kept when a designed list is evaluated,
/// <c>TrainedPrediction.Predict</c>).
/// </summary>
public sealed record EstimatedErrorProfile(int Dim, double[] Times, double[] DeltaEntryVariance, double[] ShiftVariance, double DeltaLength, double ShiftLength)
{
    /// <summary>Bounds of the fitted correlation lengths, in diffusion time (the schedules run over [0, 1]).</summary>
    public const double MinLength = 1e-3, MaxLength = 10;

    /// <param name="members">Each network's systematic error estimate, probed at the same knots with full Delta.</param>
    /// <param name="knotTimes">Core time of each probed knot, in the estimates' time order.</param>
    public static EstimatedErrorProfile From(IReadOnlyList<SystematicErrorEstimate> members, IReadOnlyList<double> knotTimes)
    {
        if (members.Count == 0) throw new ArgumentException("a profile needs at least one network");
        var layout = members[0].Samples;
        if (layout.DiagonalDelta) throw new ArgumentException("the profile needs full-Delta fits");
        if (knotTimes.Count != layout.Times || knotTimes.Count < 2) throw new ArgumentException("one knot time per probed time, at least two");
        if (members.Any(m => m.Repetitions < 2))
            throw new InvalidConfigurationException("reps", "must be >= 2: the fitting noise the profile removes is estimated from the repetitions");
        var order = Enumerable.Range(0, knotTimes.Count).OrderBy(a => knotTimes[a]).ToArray();
        var times = order.Select(a => knotTimes[a]).ToArray();
        int d = layout.Dim, deltaModes = layout.DeltaModes;
        var delta = SecondMoment(members, order, 0, deltaModes);
        var shift = SecondMoment(members, order, deltaModes, d);
        return new EstimatedErrorProfile(d, times,
            Enumerable.Range(0, times.Length).Select(a => Math.Max(0, delta[a, a]) / deltaModes).ToArray(),
            Enumerable.Range(0, times.Length).Select(a => Math.Max(0, shift[a, a]) / d).ToArray(),
            CorrelationLength(delta, times), CorrelationLength(shift, times));
    }

    /// <summary>The designer's error model: the Delta part and the delta part over moving evaluation times.</summary>
    public DesignErrorModel DesignModel() => DesignErrorModel.Sum("estimated",
    [
        new DesignErrorModel.Part(t => Model(t, DeltaEntryVariance, DeltaLength, isDelta: true), (t, moved) => Derivative(t, moved, DeltaEntryVariance, DeltaLength)),
        new DesignErrorModel.Part(t => Model(t, ShiftVariance, ShiftLength, isDelta: false), (t, moved) => Derivative(t, moved, ShiftVariance, ShiftLength)),
    ]);

    /// <summary>The interpolated standard deviation <c>sqrt(v)</c> of a part at time t and its derivative in t.</summary>
    public (double Value, double Slope) StandardDeviation(IReadOnlyList<double> variance, double t)
    {
        if (t <= Times[0]) return (Math.Sqrt(variance[0]), 0);
        if (t >= Times[^1]) return (Math.Sqrt(variance[^1]), 0);
        var b = Array.BinarySearch(Times, t);
        if (b >= 0) b = Math.Max(b, 1);
        else b = ~b;
        double left = Math.Sqrt(variance[b - 1]), right = Math.Sqrt(variance[b]);
        var slope = (right - left) / (Times[b] - Times[b - 1]);
        return (left + slope * (t - Times[b - 1]), slope);
    }

    private ScoreErrorModel Model(IReadOnlyList<double> evaluationTimes, double[] variance, double length, bool isDelta)
    {
        var ou = TimeCovariances.OrnsteinUhlenbeck(evaluationTimes, length).Components[0];
        var sigma = evaluationTimes.Select(t => StandardDeviation(variance, t).Value).ToArray();
        var time = new TimeCovariance($"ou(ell={length:G4}) x estimated", [new StateSpaceComponent(ou.Phi, sigma)]);
        return ScoreErrorModel.Isotropic(isDelta ? "estimated-Delta" : "estimated-delta", Dim, time, isDelta ? 0 : 1, isDelta ? 1 : 0);
    }

    private (double[] DPhi, double[] DSigma)[] Derivative(IReadOnlyList<double> evaluationTimes, int moved, double[] variance, double length)
    {
        var dSigma = new double[evaluationTimes.Count];
        dSigma[moved] = StandardDeviation(variance, evaluationTimes[moved]).Slope;
        return [(TimeCovariances.OrnsteinUhlenbeckPhiDerivative(evaluationTimes, length, moved), dSigma)];
    }

    /// <summary>
    /// <c>K(a, b) = (1/M) sum_j [z_j,a . z_j,b - (1/(R_j (R_j - 1))) sum_r dev_jr,a . dev_jr,b]</c> over one part's coefficients
    /// (modes <paramref name="first"/>..+<paramref name="count"/> of each time), knots in <paramref name="order"/>.
    /// </summary>
    private static double[,] SecondMoment(IReadOnlyList<SystematicErrorEstimate> members, int[] order, int first, int count)
    {
        var p = members[0].Samples.ModesPerTime;
        var m = order.Length;
        var k = new double[m, m];
        double Dot(MathNet.Numerics.LinearAlgebra.Vector<double> x, int a, int b)
        {
            var s = 0.0;
            for (var i = 0; i < count; i++) s += x[order[a] * p + first + i] * x[order[b] * p + first + i];
            return s;
        }
        foreach (var member in members)
        {
            var reps = member.Repetitions;
            var deviations = Enumerable.Range(0, reps).Select(member.Deviation).ToArray();
            for (var a = 0; a < m; a++)
                for (var b = 0; b <= a; b++)
                {
                    var noise = deviations.Sum(u => Dot(u, a, b)) / (reps * (reps - 1.0));
                    k[a, b] += (Dot(member.Mean, a, b) - noise) / members.Count;
                    k[b, a] = k[a, b];
                }
        }
        return k;
    }

    private static double CorrelationLength(double[,] k, double[] times)
    {
        var lengths = new List<double>();
        for (var a = 0; a + 1 < times.Length; a++)
        {
            if (!(k[a, a] > 0 && k[a + 1, a + 1] > 0)) continue;
            var rho = k[a, a + 1] / Math.Sqrt(k[a, a] * k[a + 1, a + 1]);
            var dt = times[a + 1] - times[a];
            lengths.Add(rho >= 1 ? MaxLength : rho <= 0 ? MinLength : Math.Clamp(-dt / Math.Log(rho), MinLength, MaxLength));
        }
        if (lengths.Count == 0) return MinLength;
        lengths.Sort();
        return lengths.Count % 2 == 1 ? lengths[lengths.Count / 2] : 0.5 * (lengths[lengths.Count / 2 - 1] + lengths[lengths.Count / 2]);
    }
}
