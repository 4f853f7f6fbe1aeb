using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Core.Kernel;

/// <summary>
/// The fast path for the §8 setting: isotropic errors (<c>Cov(delta) = sd I</c>, <c>Cov(vec Delta) = sD I</c>, rotation invariant, so the
/// eigenbasis of C may be used) and samplers that evaluate the score once per step, <c>X_k = alpha_k X + beta_k s_hat(X)</c>.
/// There the exact-score step is <c>A*_k = diag(A_ki)</c> and the first-order perturbations decouple:
/// <list type="bullet">
/// <item><c>dm_i' = A_i dm_i + beta (delta_i - sum_j Delta_ij m*_j)</c> (eq. (26)),</item>
/// <item><c>dSigma_ij' = A_i A_j dSigma_ij - beta (Delta_ij s_j A_j + A_i s_i Delta_ji)</c> (eq. (27)),</item>
/// </list>
/// and the second-order means follow <c>E dm2' = A E dm2 - beta E[Delta dm1]</c>,
/// <c>E dSigma2_ii' = A_i^2 E dSigma2_ii - 2 beta A_i sum_j E[Delta_ij dSigma1_ij] + beta^2 sD sum_j s_j</c>.
/// Each scalar coordinate is a linear functional y of one scalar time process; for every <see cref="StateSpaceComponent"/>
/// the pair <c>(E[y u_n], E[y^2])</c> updates in O(1) per step, so the whole curve costs O(K d^2) (O(K d) without Delta)
/// instead of the O(m^2 d) per-mode assembly of §7.
/// </summary>
public static class IsotropicModeKernelEngine
{
    /// <summary>Whether the fast path applies.</summary>
    public static bool Supports(ReverseProblem problem, IScoreErrorModel errors) =>
        errors is ScoreErrorModel { IsIsotropic: true } && problem.Steps.All(s => SingleStageCoefficients.TryRead(problem.Sampler, s.Context) is not null);

    public static KernelTerms[] Compute(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded) =>
        Sweep(problem, errors, recorded, withDiagonal: false).Full;

    /// <summary>
    /// The model's kernel terms and those of its diagonal-in-time part, from one sweep: the diagonal part is an independent
    /// process (phi = 0) with the same marginal variances, so its trackers ride along with the first component's and share
    /// every load of the step coefficients.
    /// </summary>
    public static (KernelTerms[] Full, KernelTerms[] Diagonal) ComputeWithDiagonal(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded)
    {
        var (full, diagonal) = Sweep(problem, errors, recorded, withDiagonal: true);
        return (full, diagonal!);
    }

    private static (KernelTerms[] Full, KernelTerms[]? Diagonal) Sweep(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded, bool withDiagonal)
    {
        if (!Supports(problem, errors)) throw new InvalidOperationException("the isotropic mode engine needs isotropic errors and a single-stage sampler");
        var setup = new Setup(problem, errors, recorded);
        var total = new KernelTerms[recorded.Count];
        var diagonal = withDiagonal ? new KernelTerms[recorded.Count] : null;
        var diagonalSigma = Enumerable.Range(0, errors.Time.Length).Select(n => Math.Sqrt(errors.Time[n, n])).ToArray();
        var blocks = (problem.Dimension + ModesPerBlock - 1) / ModesPerBlock;
        for (var c = 0; c < errors.Time.Components.Count; c++)
        {
            var component = errors.Time.Components[c];
            var rideAlong = withDiagonal && c == 0 ? diagonalSigma : null;
            var perMode = new (KernelTerms[] Full, KernelTerms[]? Diagonal)[problem.Dimension];
            // A fixed partition into blocks, each mode computed alone and summed below in mode order: the same bits on any thread count.
            Parallel.For(0, blocks, b => ModeBlock(setup, component, rideAlong, b * ModesPerBlock, Math.Min(ModesPerBlock, problem.Dimension - b * ModesPerBlock), perMode));
            foreach (var mode in perMode)
                for (var r = 0; r < total.Length; r++)
                {
                    total[r] += mode.Full[r];
                    if (mode.Diagonal is not null) diagonal![r] += mode.Diagonal[r];
                }
        }
        return (total, diagonal);
    }

    /// <summary>Everything per step and per mode the trackers read, laid out as contiguous rows.</summary>
    private sealed class Setup
    {
        public Setup(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded)
        {
            Problem = problem;
            Dimension = problem.Dimension;
            ShiftVariance = errors.ShiftVariance;
            DeltaVariance = errors.DeltaEntryVariance;
            int steps = problem.Steps.Count, d = Dimension;
            Beta = new double[steps];
            Amplification = new double[steps][];
            CovarianceForcing = new double[steps][];
            MeanForcing = new double[steps][];
            PreviousVarianceSum = new double[steps];
            Slot = new int[steps];
            for (var p = 0; p < steps; p++)
            {
                var step = problem.Steps[p];
                int k = step.TargetIndex;
                Beta[p] = SingleStageCoefficients.TryRead(problem.Sampler, step.Context)!.Value.ScoreWeight;
                Amplification[p] = problem.Exact.Amplification[k];
                var sPrev = problem.Exact.Variance[k + 1];
                var mPrev = problem.Exact.Mean[k + 1];
                CovarianceForcing[p] = new double[d];
                MeanForcing[p] = new double[d];
                for (var j = 0; j < d; j++)
                {
                    CovarianceForcing[p][j] = -Beta[p] * sPrev[j] * Amplification[p][j];
                    MeanForcing[p][j] = -Beta[p] * mPrev[j];
                    PreviousVarianceSum[p] += sPrev[j];
                }
                HasMean |= mPrev.Any(v => v != 0);
                Slot[p] = recorded.ToList().IndexOf(k);
            }
            Recorded = recorded.Select(k =>
            {
                var (refMean, refVar) = problem.ReferenceMoments(k);
                return new RecordedStep(k, refMean, new CommutingBures(refVar, problem.Exact.Variance[k]),
                    refVar.Select(Math.Sqrt).ToArray(), problem.Exact.Variance[k].Zip(refVar, (s, c) => Math.Sqrt(s) * Math.Sqrt(c)).ToArray(),
                    problem.Exact.Variance[k].Select(Math.Sqrt).ToArray());
            }).ToArray();
        }

        public ReverseProblem Problem { get; }
        public int Dimension { get; }
        public double ShiftVariance { get; }
        public double DeltaVariance { get; }
        public double[] Beta { get; }
        public double[][] Amplification { get; }

        /// <summary><c>-beta s_{k+1,j} A_kj</c>: forcing of dSigma_ij by Delta_ij.</summary>
        public double[][] CovarianceForcing { get; }

        /// <summary><c>-beta m*_{k+1,j}</c>: forcing of dm_i by Delta_ij.</summary>
        public double[][] MeanForcing { get; }

        public double[] PreviousVarianceSum { get; }
        public bool HasMean { get; }
        public int[] Slot { get; }
        public RecordedStep[] Recorded { get; }
    }

    private sealed record RecordedStep(int K, double[] ReferenceMean, CommutingBures Bures, double[] SqrtC, double[] SqrtCs, double[] SqrtS);

    /// <summary>
    /// Modes swept together, step by step: each step's coefficient rows (d doubles each) are read once from memory for the
    /// whole block instead of once per mode, which made the sweep bandwidth-bound; 16 modes' trackers fit in a core's L2 at d = 1024.
    /// </summary>
    private const int ModesPerBlock = 16;

    /// <summary>
    /// The trackers of modes <paramref name="first"/> .. first + count - 1 (rows dm_i, dSigma_ij for all j), for one time
    /// component; with <paramref name="diagonalSigma"/> also those of the diagonal-in-time process <c>z_n = diagonalSigma_n w_n</c>.
    /// Every mode runs exactly the arithmetic it would run alone.
    /// </summary>
    private static void ModeBlock(Setup setup, StateSpaceComponent time, double[]? diagonalSigma, int first, int count,
        (KernelTerms[] Full, KernelTerms[]? Diagonal)[] results)
    {
        int d = setup.Dimension;
        var full = new Trackers[count];
        var diagonal = new Trackers?[count];
        for (var k = 0; k < count; k++)
        {
            full[k] = new Trackers(d, setup.DeltaVariance > 0, setup.HasMean);
            diagonal[k] = diagonalSigma is null ? null : new Trackers(d, setup.DeltaVariance > 0, setup.HasMean);
            results[first + k] = (new KernelTerms[setup.Recorded.Length], diagonalSigma is null ? null : new KernelTerms[setup.Recorded.Length]);
        }
        var ones = Enumerable.Repeat(1.0, d).ToArray();
        var covarianceRows = new ForcingRows();
        var meanRows = new ForcingRows();
        for (var p = 0; p < setup.Beta.Length; p++)
        {
            double phi = time.Phi[p], sigma = time.Sigma[p], beta = setup.Beta[p], sigmaD = diagonalSigma?[p] ?? 0;
            var a = setup.Amplification[p];
            var slot = setup.Slot[p];
            if (setup.DeltaVariance > 0)
            {
                covarianceRows.Load(setup.CovarianceForcing[p], sigmaD);
                if (setup.HasMean) meanRows.Load(setup.MeanForcing[p], sigmaD);
            }
            for (var k = 0; k < count; k++)
            {
                int i = first + k;
                double ai = a[i];
                var (f, g) = (full[k], diagonal[k]);
                if (setup.ShiftVariance > 0)
                {
                    f.Shift.Add(phi, sigma, ai, beta);
                    g?.Shift.Add(0, sigmaD, ai, beta);
                }
                if (setup.DeltaVariance > 0)
                {
                    // The diagonal entry has its own tracker: both Delta_ii terms of eq. (27) coincide there.
                    var crossSum = RowUpdate(f.CovCross, f.CovSquare, ai, a, covarianceRows, phi, sigma, i, g?.CovSquare);
                    f.AdvanceCovariance(setup, p, ai, beta, sigma, crossSum + f.CovDiagonal.Add(phi, sigma, ai * ai, 2 * setup.CovarianceForcing[p][i]));
                    g?.AdvanceCovariance(setup, p, ai, beta, sigmaD, g.CovDiagonal.Add(0, sigmaD, ai * ai, 2 * setup.CovarianceForcing[p][i]));
                    if (setup.HasMean)
                    {
                        RowUpdate(f.MeanCross, f.MeanSquare, ai, ones, meanRows, phi, sigma, i, g?.MeanSquare);
                        f.AdvanceMean(setup, ai, beta, f.MeanDiagonal.Add(phi, sigma, ai, setup.MeanForcing[p][i]));
                        g?.AdvanceMean(setup, ai, beta, g.MeanDiagonal.Add(0, sigmaD, ai, setup.MeanForcing[p][i]));
                    }
                }
                if (slot < 0) continue;
                results[i].Full[slot] = f.Terms(setup, setup.Recorded[slot], i);
                if (g is not null) results[i].Diagonal![slot] = g.Terms(setup, setup.Recorded[slot], i);
            }
        }
    }

    /// <summary>The trackers of one mode i for one time process, and the second-order means they drive.</summary>
    private sealed class Trackers(int d, bool hasDelta, bool hasMean)
    {
        public ScalarTracker Shift { get; } = new();
        public ScalarTracker CovDiagonal { get; } = new();
        public ScalarTracker MeanDiagonal { get; } = new();
        public double[] CovCross { get; } = hasDelta ? new double[d] : [];
        public double[] CovSquare { get; } = hasDelta ? new double[d] : [];
        public double[] MeanCross { get; } = hasDelta && hasMean ? new double[d] : [];
        public double[] MeanSquare { get; } = hasDelta && hasMean ? new double[d] : [];

        /// <summary><c>E dm2_i</c>.</summary>
        public double SecondMean { get; private set; }

        /// <summary><c>E dSigma2_ii</c>.</summary>
        public double SecondCovariance { get; private set; }

        /// <summary><c>E dSigma2_ii' = A_i^2 E dSigma2_ii - 2 beta A_i sD sum_j E[Delta_ij dSigma1_ij] + beta^2 sD sigma^2 sum_j s_j</c>.</summary>
        public void AdvanceCovariance(Setup setup, int p, double ai, double beta, double sigma, double crossMoments) =>
            SecondCovariance = ai * ai * SecondCovariance - 2 * beta * ai * setup.DeltaVariance * crossMoments
                               + beta * beta * setup.DeltaVariance * sigma * sigma * setup.PreviousVarianceSum[p];

        /// <summary><c>E dm2_i' = A_i E dm2_i - beta sD E[Delta_ii dm1_i]</c>.</summary>
        public void AdvanceMean(Setup setup, double ai, double beta, double crossMoment) =>
            SecondMean = ai * SecondMean - beta * setup.DeltaVariance * crossMoment;

        public KernelTerms Terms(Setup setup, RecordedStep rec, int i)
        {
            double matrixMean = 0, matrixCov = 0;
            if (hasDelta)
            {
                matrixCov = setup.DeltaVariance * (WeightedSum(CovSquare, rec, i) + 0.5 * rec.Bures.Weight(i, i) * CovDiagonal.Square);
                if (hasMean) matrixMean = setup.DeltaVariance * (MeanSquare.Sum() + MeanDiagonal.Square);
            }
            var meanGap = setup.Problem.Exact.Mean[rec.K][i] - rec.ReferenceMean[i];
            return new KernelTerms(setup.ShiftVariance * Shift.Square, matrixMean, matrixCov, 0,
                2 * meanGap * SecondMean, rec.Bures.Gradient(i) * SecondCovariance);
        }
    }

    /// <summary>One step's forcing row <c>c_j</c> and the sigma of the ride-along diagonal process (from which the update forms <c>c_j sigma</c> in registers).</summary>
    private sealed class ForcingRows
    {
        public double[] Forcing { get; private set; } = [];
        public double RideAlongSigma { get; private set; }

        public void Load(double[] forcing, double rideAlongSigma) => (Forcing, RideAlongSigma) = (forcing, rideAlongSigma);
    }

    /// <summary>
    /// One step of the trackers <c>y_j &lt;- lambda_j y_j + c_j z_n</c>, <c>lambda_j = scale * rowFactor_j</c>, for all j != skip, with
    /// <c>z_n = sigma u_n</c>, <c>u_n = phi u_{n-1} + ...</c>: returns <c>sum_j E[y_j z_n]</c> before the update, then advances
    /// <c>E[y_j u]</c> (<paramref name="cross"/>) and <c>E[y_j^2]</c> (<paramref name="square"/>):
    /// <c>E[y^2] &lt;- lambda (lambda E[y^2] + 2 c sigma phi E[y u]) + (c sigma)^2</c>, <c>E[y u] &lt;- lambda phi E[y u] + c sigma</c>.
    /// Entry skip is kept at zero (its coordinate has a tracker of its own). With phi = 0 (independent in time) no cross moment
    /// survives a step, so the cheaper update <c>E[y^2] &lt;- lambda^2 E[y^2] + (c sigma)^2</c> is exact; <paramref name="rideAlong"/>,
    /// when given, gets that update with the ride-along sigma of <paramref name="rows"/> in the same pass. Fused multiply-adds
    /// throughout: the hot loop of the engine, O(m d^2) of them.
    /// </summary>
    private static double RowUpdate(double[] cross, double[] square, double scale, double[] rowFactor, ForcingRows rows, double phi, double sigma, int skip,
        double[]? rideAlong = null)
    {
        // Refs instead of indexers: eight spans per element would otherwise cost eight bounds checks in the hottest loop.
        var n = square.Length;
        var vectors = n / Vector<double>.Count;
        ref var g = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetArrayDataReference(cross));
        ref var q = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetArrayDataReference(square));
        ref var r = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetArrayDataReference(rowFactor));
        ref var c = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetArrayDataReference(rows.Forcing));
        var vSigma = new Vector<double>(sigma);
        var vRide = new Vector<double>(rows.RideAlongSigma);
        var ride = rideAlong is not null;
        ref var qd = ref Unsafe.As<double, Vector<double>>(ref MemoryMarshal.GetArrayDataReference(rideAlong ?? square));
        var vScale = new Vector<double>(scale);
        var vPhi = new Vector<double>(phi);
        var sum = Vector<double>.Zero;
        for (var v = 0; v < vectors; v++)
        {
            var l = vScale * Unsafe.Add(ref r, v);
            var cv = Unsafe.Add(ref c, v);
            var cs = cv * vSigma;
            if (ride)
            {
                var cd = cv * vRide;
                Unsafe.Add(ref qd, v) = Vector.FusedMultiplyAdd(l * l, Unsafe.Add(ref qd, v), cd * cd);
            }
            ref var qv = ref Unsafe.Add(ref q, v);
            if (phi == 0)
            {
                qv = Vector.FusedMultiplyAdd(l * l, qv, cs * cs);
                continue;
            }
            ref var gv = ref Unsafe.Add(ref g, v);
            var shifted = gv * vPhi;
            sum += shifted;
            qv = Vector.FusedMultiplyAdd(l, Vector.FusedMultiplyAdd(cs + cs, shifted, l * qv), cs * cs);
            gv = Vector.FusedMultiplyAdd(l, shifted, cs);
        }
        var total = Vector.Sum(sum);
        for (var j = vectors * Vector<double>.Count; j < n; j++)
        {
            var l = scale * rowFactor[j];
            var cs = rows.Forcing[j] * sigma;
            var cd = rows.Forcing[j] * rows.RideAlongSigma;
            if (ride) rideAlong![j] = Math.FusedMultiplyAdd(l * l, rideAlong[j], cd * cd);
            if (phi == 0)
            {
                square[j] = Math.FusedMultiplyAdd(l * l, square[j], cs * cs);
                continue;
            }
            var shifted = cross[j] * phi;
            total += shifted;
            square[j] = Math.FusedMultiplyAdd(l, Math.FusedMultiplyAdd(cs + cs, shifted, l * square[j]), cs * cs);
            cross[j] = Math.FusedMultiplyAdd(l, shifted, cs);
        }
        cross[skip] = 0;
        square[skip] = 0;
        if (ride) rideAlong![skip] = 0;
        return sigma * total;
    }

    /// <summary><c>sum_{j != i} w_ij E[y_ij^2]</c> with the commuting Bures weights at the recorded step.</summary>
    private static double WeightedSum(double[] square, RecordedStep rec, int i)
    {
        double sum = 0, ci = rec.SqrtC[i], si = rec.SqrtS[i], csi = rec.SqrtCs[i];
        for (var j = 0; j < square.Length; j++)
        {
            if (j == i) continue;
            sum += ci * rec.SqrtC[j] / (si * rec.SqrtS[j] * (csi + rec.SqrtCs[j])) * square[j];
        }
        return sum;
    }

    /// <summary>Second moments of one scalar functional y of a state-space process: <c>E[y u_n]</c> and <c>E[y^2]</c>.</summary>
    private sealed class ScalarTracker
    {
        private double _cross;

        public double Square { get; private set; }

        /// <summary><c>y &lt;- lambda y + c z_n</c>; returns <c>E[y z_n]</c> before the update.</summary>
        public double Add(double phi, double sigma, double lambda, double forcing)
        {
            var g = _cross * phi;
            Square = lambda * lambda * Square + 2 * lambda * forcing * sigma * g + forcing * forcing * sigma * sigma;
            _cross = lambda * g + forcing * sigma;
            return sigma * g;
        }
    }
}
