using System.Numerics;
using System.Runtime.Intrinsics;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Numerics;
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
        Sweep(problem, errors, recorded, withDiagonal: false, new ParallelOptions(), SimdLanes.WideByDefault).Full;

    /// <summary>
    /// The model's kernel terms and those of its diagonal-in-time part, from one sweep: the diagonal part is an independent
    /// process (phi = 0) with the same marginal variances, so its trackers ride along with the first component's and share
    /// every load of the step coefficients.
    /// </summary>
    public static (KernelTerms[] Full, KernelTerms[] Diagonal) ComputeWithDiagonal(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded)
    {
        var (full, diagonal) = Sweep(problem, errors, recorded, withDiagonal: true, new ParallelOptions(), SimdLanes.WideByDefault);
        return (full, diagonal!);
    }

    /// <summary>
    /// <see cref="ComputeWithDiagonal(ReverseProblem, ScoreErrorModel, IReadOnlyList{int})"/> on at most
    /// <paramref name="parallel"/>'s degree of parallelism, with 512-bit lanes or <see cref="Vector{T}"/>'s (for tests: the thread count
    /// must not change a bit; the lane width changes only the order of the sums over j).
    /// </summary>
    internal static (KernelTerms[] Full, KernelTerms[] Diagonal) ComputeWithDiagonal(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded,
        ParallelOptions parallel, bool wide)
    {
        var (full, diagonal) = Sweep(problem, errors, recorded, withDiagonal: true, parallel, wide);
        return (full, diagonal!);
    }

    private static (KernelTerms[] Full, KernelTerms[]? Diagonal) Sweep(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded, bool withDiagonal,
        ParallelOptions parallel, bool wide)
    {
        if (!Supports(problem, errors)) throw new InvalidOperationException("the isotropic mode engine needs isotropic errors and a single-stage sampler");
        var setup = new Setup(problem, errors, recorded, wide);
        var total = new KernelTerms[recorded.Count];
        var diagonal = withDiagonal ? new KernelTerms[recorded.Count] : null;
        var diagonalSigma = Enumerable.Range(0, errors.Time.Length).Select(n => Math.Sqrt(errors.Time[n, n])).ToArray();
        var groups = (problem.Dimension + ModesPerGroup - 1) / ModesPerGroup;
        for (var c = 0; c < errors.Time.Components.Count; c++)
        {
            var component = errors.Time.Components[c];
            var rideAlong = withDiagonal && c == 0 ? diagonalSigma : null;
            var perMode = new (KernelTerms[] Full, KernelTerms[]? Diagonal)[problem.Dimension];
            // A fixed partition into groups, each mode computed alone and summed below in mode order: the same bits on any thread count.
            Parallel.For(0, groups, parallel, () => new GroupBuffers(setup), (g, _, buffers) =>
            {
                ModeGroup(setup, component, rideAlong, g * ModesPerGroup, Math.Min(ModesPerGroup, problem.Dimension - g * ModesPerGroup), perMode, buffers);
                return buffers;
            }, _ => { });
            foreach (var mode in perMode)
                for (var r = 0; r < total.Length; r++)
                {
                    total[r] += mode.Full[r];
                    if (mode.Diagonal is not null) diagonal![r] += mode.Diagonal[r];
                }
        }
        return (total, diagonal);
    }

    /// <summary>Everything per step the trackers read; the per-(step, mode) coefficients are formed from the exact trajectory on use.</summary>
    private sealed class Setup
    {
        public Setup(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded, bool wide)
        {
            Problem = problem;
            Wide = wide;
            Lanes = SimdLanes.Count(wide);
            Dimension = problem.Dimension;
            ShiftVariance = errors.ShiftVariance;
            DeltaVariance = errors.DeltaEntryVariance;
            int steps = problem.Steps.Count;
            Beta = new double[steps];
            Amplification = new double[steps][];
            PreviousVariance = new double[steps][];
            PreviousMean = new double[steps][];
            PreviousVarianceSum = new double[steps];
            Slot = new int[steps];
            var recordedList = recorded.ToList();
            for (var p = 0; p < steps; p++)
            {
                var step = problem.Steps[p];
                int k = step.TargetIndex;
                Beta[p] = SingleStageCoefficients.TryRead(problem.Sampler, step.Context)!.Value.ScoreWeight;
                Amplification[p] = problem.Exact.Amplification[k];
                PreviousVariance[p] = problem.Exact.Variance[k + 1];
                PreviousMean[p] = problem.Exact.Mean[k + 1];
                foreach (var s in PreviousVariance[p]) PreviousVarianceSum[p] += s;
                HasMean |= PreviousMean[p].Any(v => v != 0);
                Slot[p] = recordedList.IndexOf(k);
                if (Slot[p] >= 0) SweptSteps = p + 1;
            }
            Recorded = recorded.Select(k =>
            {
                var (refMean, refVar) = problem.ReferenceMoments(k);
                return new RecordedStep(k, refMean, new CommutingBures(refVar, problem.Exact.Variance[k]));
            }).ToArray();
            BuresWeights = recorded.Select(k =>
            {
                var (_, refVar) = problem.ReferenceMoments(k);
                var sqrtC = refVar.Select(Math.Sqrt).ToArray();
                var sqrtS = problem.Exact.Variance[k].Select(Math.Sqrt).ToArray();
                return new BuresWeightRows(sqrtC, sqrtS, sqrtC.Zip(sqrtS, (c, s) => c * s).ToArray(), Lanes);
            }).ToArray();
        }

        public ReverseProblem Problem { get; }

        /// <summary>Whether the tiles use <see cref="Lanes512"/> (else <see cref="LanesNative"/>), and their doubles per vector.</summary>
        public bool Wide { get; }

        public int Lanes { get; }

        public int Dimension { get; }
        public double ShiftVariance { get; }
        public double DeltaVariance { get; }
        public double[] Beta { get; }
        public double[][] Amplification { get; }
        public double[][] PreviousVariance { get; }
        public double[][] PreviousMean { get; }
        public double[] PreviousVarianceSum { get; }
        public bool HasMean { get; }
        public int[] Slot { get; }

        /// <summary>Steps up to the last recorded one: later steps change nothing that is reported.</summary>
        public int SweptSteps { get; }

        public RecordedStep[] Recorded { get; }
        public BuresWeightRows[] BuresWeights { get; }

        /// <summary><c>-beta s_{k+1,j} A_kj</c>: forcing of dSigma_ij by Delta_ij (eq. (27)).</summary>
        public double CovarianceForcing(int p, int j) => -Beta[p] * PreviousVariance[p][j] * Amplification[p][j];

        /// <summary><c>-beta m*_{k+1,j}</c>: forcing of dm_i by Delta_ij (eq. (26)).</summary>
        public double MeanForcing(int p, int j) => -Beta[p] * PreviousMean[p][j];

        /// <summary>
        /// A tile's rows at every swept step for the dSigma_ij trackers of eq. (27) (<c>lambda_ij = a_i A_j</c>, forcing
        /// <see cref="CovarianceForcing"/>) or, with <paramref name="mean"/>, the <c>Delta_ij m*_j</c> trackers of eq. (26)
        /// (<c>lambda_ij = a_i</c>, forcing <see cref="MeanForcing"/>).
        /// </summary>
        public void FillTileRows<TL, TV>(double[] rows, int tile, double[] sigma, double[] rideSigma, bool mean)
            where TL : struct, ISimdLanes<TV> where TV : struct
        {
            var lanes = TL.Count;
            var valid = Math.Min(lanes, Dimension - tile);
            // The last tile's coefficients, zero-padded to a whole vector: padded lanes get A = c = 0.
            var (paddedAmplification, paddedMoment) = (new double[lanes], new double[lanes]);
            var ones = TL.Broadcast(1);
            for (var p = 0; p < SweptSteps; p++)
            {
                var moment = mean ? PreviousMean[p] : PreviousVariance[p];
                if (valid < lanes)
                {
                    Amplification[p].AsSpan(tile, valid).CopyTo(paddedAmplification);
                    moment.AsSpan(tile, valid).CopyTo(paddedMoment);
                }
                var a = TL.Load(ref valid < lanes ? ref paddedAmplification[0] : ref Amplification[p][tile]);
                var m = TL.Load(ref valid < lanes ? ref paddedMoment[0] : ref moment[tile]);
                var forcing = TL.Multiply(TL.Broadcast(-Beta[p]), m); // MeanForcing, or with A_j CovarianceForcing, lane by lane
                ModeTileSweep.StoreStep<TL, TV>(rows, p, mean ? ones : a, mean ? forcing : TL.Multiply(forcing, a), sigma[p], rideSigma[p]);
            }
        }
    }

    private sealed record RecordedStep(int K, double[] ReferenceMean, CommutingBures Bures);

    /// <summary>
    /// Modes per unit of parallel work. Each group walks every tile of j once per four of its modes, so a tile's rows
    /// (m steps x 4 vectors) are formed once per group and then read from cache by all of its modes.
    /// </summary>
    private const int ModesPerGroup = 64;

    /// <summary>One worker's scratch: a tile's row buffer and the per-step series of a group's modes.</summary>
    private sealed class GroupBuffers(Setup setup)
    {
        public double[] Rows { get; } = new double[ModeTileSweep.RowLength(setup.SweptSteps, setup.Lanes)];
        public double[][] Amplification { get; } = NewSeries(setup.SweptSteps);
        public double[][] CrossWeight { get; } = NewSeries(setup.SweptSteps);
        /// <summary>Zeros per step: the ride-along process's phi, and the cross weights of trackers that feed no second-order mean.</summary>
        public double[] Zeros { get; } = new double[setup.SweptSteps];

        private static double[][] NewSeries(int steps) => Enumerable.Range(0, ModesPerGroup).Select(_ => new double[steps]).ToArray();
    }

    /// <summary>
    /// The kernel terms of modes <paramref name="first"/> .. first + count - 1 for one time component; with
    /// <paramref name="diagonalSigma"/> also those of the diagonal-in-time process <c>z_n = diagonalSigma_n w_n</c>.
    /// The scalar trackers (delta_i, the diagonal entries, the second-order means) run per mode; the off-diagonal trackers
    /// run in <see cref="ModeTileSweep"/>, four modes at a time, tile by tile in a fixed order. Every mode runs the same arithmetic
    /// whatever group or thread it lands in.
    /// </summary>
    private static void ModeGroup(Setup setup, StateSpaceComponent time, double[]? diagonalSigma, int first, int count,
        (KernelTerms[] Full, KernelTerms[]? Diagonal)[] results, GroupBuffers buffers)
    {
        var steps = setup.SweptSteps;
        var slots = setup.Recorded.Length;
        var rideSigma = diagonalSigma ?? new double[steps];
        var full = new ScalarModes[count];
        var ride = new ScalarModes?[count];
        // Padded to whole sweeps with copies of the last mode, whose sums are dropped.
        var swept = (count + ModeTileSweep.ModesPerSweep - 1) / ModeTileSweep.ModesPerSweep * ModeTileSweep.ModesPerSweep;
        var covariance = new TrackedMode[swept];
        var mean = new TrackedMode[swept];
        for (var k = 0; k < count; k++)
        {
            var i = first + k;
            full[k] = ScalarModes.Run(setup, i, time.Phi, time.Sigma, buffers.Amplification[k], buffers.CrossWeight[k]);
            ride[k] = diagonalSigma is null ? null : ScalarModes.Run(setup, i, buffers.Zeros, diagonalSigma, buffers.Amplification[k], null);
            covariance[k] = new TrackedMode(i, buffers.Amplification[k], buffers.CrossWeight[k], slots);
            mean[k] = new TrackedMode(i, buffers.Amplification[k], buffers.Zeros, slots);
        }
        for (var k = count; k < swept; k++)
            (covariance[k], mean[k]) = (covariance[count - 1].Copy(), mean[count - 1].Copy());
        if (setup.DeltaVariance > 0)
        {
            for (var tile = 0; tile < setup.Dimension; tile += setup.Lanes)
            {
                FillAndSweep(setup, buffers.Rows, tile, time, rideSigma, covariance, setup.BuresWeights, mean: false);
                if (setup.HasMean) FillAndSweep(setup, buffers.Rows, tile, time, rideSigma, mean, null, mean: true);
            }
        }
        for (var k = 0; k < count; k++)
        {
            var i = first + k;
            var secondCovariance = full[k].WithOffDiagonal(setup, covariance[k].Second, buffers.Amplification[k]);
            results[i] = (new KernelTerms[slots], diagonalSigma is null ? null : new KernelTerms[slots]);
            for (var r = 0; r < slots; r++)
            {
                results[i].Full[r] = Terms(setup, r, i, full[k], secondCovariance[r], covariance[k].Square[r], mean[k].Square[r]);
                if (ride[k] is { } g) results[i].Diagonal![r] = Terms(setup, r, i, g, g.SecondCovariance[r], covariance[k].RideSquare[r], mean[k].RideSquare[r]);
            }
        }
    }

    /// <summary>
    /// One tile for all of the group's modes (padded to whole sweeps), four at a time, at the chosen lane width.
    /// </summary>
    private static void FillAndSweep(Setup setup, double[] rows, int tile, StateSpaceComponent time, double[] rideSigma, TrackedMode[] modes,
        BuresWeightRows[]? weights, bool mean)
    {
        if (setup.Wide) FillAndSweep<Lanes512, Vector512<double>>(setup, rows, tile, time, rideSigma, modes, weights, mean);
        else FillAndSweep<LanesNative, Vector<double>>(setup, rows, tile, time, rideSigma, modes, weights, mean);
    }

    private static void FillAndSweep<TL, TV>(Setup setup, double[] rows, int tile, StateSpaceComponent time, double[] rideSigma, TrackedMode[] modes,
        BuresWeightRows[]? weights, bool mean)
        where TL : struct, ISimdLanes<TV> where TV : struct
    {
        setup.FillTileRows<TL, TV>(rows, tile, time.Sigma, rideSigma, mean);
        for (var k = 0; k < modes.Length; k += ModeTileSweep.ModesPerSweep)
            ModeTileSweep.Sweep<TL, TV>(rows, time.Phi, setup.SweptSteps, setup.Slot, tile, modes, k, weights);
    }

    /// <summary>
    /// Kernel terms of mode i at recorded slot r: eq. (33)–(35) with <c>Q^Delta</c> from the weighted off-diagonal sums and
    /// the diagonal tracker, and the complete kernel's <c>&lt;grad F*, E y2&gt;</c> from the second-order means.
    /// </summary>
    private static KernelTerms Terms(Setup setup, int r, int i, ScalarModes scalars, double secondCovariance, double offDiagonalCovariance,
        double offDiagonalMean)
    {
        var rec = setup.Recorded[r];
        double matrixMean = 0, matrixCov = 0;
        if (setup.DeltaVariance > 0)
        {
            matrixCov = setup.DeltaVariance * (offDiagonalCovariance + 0.5 * rec.Bures.Weight(i, i) * scalars.CovDiagonalSquare[r]);
            if (setup.HasMean) matrixMean = setup.DeltaVariance * (offDiagonalMean + scalars.MeanDiagonalSquare[r]);
        }
        var meanGap = setup.Problem.Exact.Mean[rec.K][i] - rec.ReferenceMean[i];
        return new KernelTerms(setup.ShiftVariance * scalars.ShiftSquare[r], matrixMean, matrixCov, 0,
            2 * meanGap * scalars.SecondMean[r], rec.Bures.Gradient(i) * secondCovariance);
    }

    /// <summary>
    /// The scalar trackers of one mode i for one time process (delta_i, dSigma_ii, the Delta_ii part of dm_i) and the second-order
    /// means they drive, read at each recorded slot:
    /// <c>E dm2_i' = A_i E dm2_i - beta sD E[Delta_ii dm1_i]</c> and
    /// <c>E dSigma2_ii' = A_i^2 E dSigma2_ii - 2 beta A_i sD sum_j E[Delta_ij dSigma1_ij] + beta^2 sD sigma^2 sum_j s_j</c>, here with
    /// the j = i cross moment only; <see cref="WithOffDiagonal"/> adds the j != i ones.
    /// </summary>
    private sealed class ScalarModes
    {
        private ScalarModes(int slots) =>
            (ShiftSquare, CovDiagonalSquare, MeanDiagonalSquare, SecondMean, SecondCovariance) =
            (new double[slots], new double[slots], new double[slots], new double[slots], new double[slots]);

        public double[] ShiftSquare { get; }
        public double[] CovDiagonalSquare { get; }
        public double[] MeanDiagonalSquare { get; }
        public double[] SecondMean { get; }
        public double[] SecondCovariance { get; }

        /// <summary>
        /// Runs the scalar trackers and fills <paramref name="amplification"/> with a_i per step and, when given,
        /// <paramref name="crossWeight"/> with <c>W_p = -2 beta_p a_i sD sigma_p prod a_i^2</c> over the later steps up to the next
        /// recorded one: the weight of <c>sum_j phi_p E[y_ij u]</c> in <c>E dSigma2_ii</c> there.
        /// </summary>
        public static ScalarModes Run(Setup setup, int i, double[] phi, double[] sigma, double[] amplification, double[]? crossWeight)
        {
            var result = new ScalarModes(setup.Recorded.Length);
            ScalarTracker shift = new(), covDiagonal = new(), meanDiagonal = new();
            double secondMean = 0, secondCovariance = 0, sD = setup.DeltaVariance;
            for (var p = 0; p < setup.SweptSteps; p++)
            {
                double ai = setup.Amplification[p][i], beta = setup.Beta[p];
                amplification[p] = ai;
                if (setup.ShiftVariance > 0) shift.Add(phi[p], sigma[p], ai, beta);
                if (sD > 0)
                {
                    // The diagonal entry has its own tracker: both Delta_ii terms of eq. (27) coincide there.
                    var crossMoment = covDiagonal.Add(phi[p], sigma[p], ai * ai, 2 * setup.CovarianceForcing(p, i));
                    secondCovariance = ai * ai * secondCovariance - 2 * beta * ai * sD * crossMoment
                                       + beta * beta * sD * sigma[p] * sigma[p] * setup.PreviousVarianceSum[p];
                    if (setup.HasMean) secondMean = ai * secondMean - beta * sD * meanDiagonal.Add(phi[p], sigma[p], ai, setup.MeanForcing(p, i));
                }
                var slot = setup.Slot[p];
                if (slot < 0) continue;
                result.ShiftSquare[slot] = shift.Square;
                result.CovDiagonalSquare[slot] = covDiagonal.Square;
                result.MeanDiagonalSquare[slot] = meanDiagonal.Square;
                result.SecondMean[slot] = secondMean;
                result.SecondCovariance[slot] = secondCovariance;
            }
            if (crossWeight is null) return result;
            var growth = 1.0;
            for (var p = setup.SweptSteps - 1; p >= 0; p--)
            {
                if (setup.Slot[p] >= 0) growth = 1;
                crossWeight[p] = -2 * setup.Beta[p] * amplification[p] * sD * sigma[p] * growth;
                growth *= amplification[p] * amplification[p];
            }
            return result;
        }

        /// <summary>
        /// <c>E dSigma2_ii</c> per slot with the j != i cross moments: <paramref name="segments"/>[r] is their weighted sum over the
        /// steps since the previous recorded one, carried forward by the products of a_i^2 between recorded steps.
        /// </summary>
        public double[] WithOffDiagonal(Setup setup, double[] segments, double[] amplification)
        {
            var total = (double[])SecondCovariance.Clone();
            double carried = 0, growth = 1;
            for (var p = 0; p < setup.SweptSteps; p++)
            {
                growth *= amplification[p] * amplification[p];
                var slot = setup.Slot[p];
                if (slot < 0) continue;
                carried = growth * carried + segments[slot];
                total[slot] += carried;
                growth = 1;
            }
            return total;
        }
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
