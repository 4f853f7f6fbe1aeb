using System.Numerics;
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

    public static KernelTerms[] Compute(ReverseProblem problem, ScoreErrorModel errors, IReadOnlyList<int> recorded)
    {
        if (!Supports(problem, errors)) throw new InvalidOperationException("the isotropic mode engine needs isotropic errors and a single-stage sampler");
        var setup = new Setup(problem, errors, recorded);
        var total = new KernelTerms[recorded.Count];
        foreach (var component in errors.Time.Components)
        {
            var perMode = new KernelTerms[problem.Dimension][];
            Parallel.For(0, problem.Dimension, i => perMode[i] = Mode(setup, component, i));
            foreach (var mode in perMode) // fixed order: the same numbers on every run
                for (var r = 0; r < total.Length; r++) total[r] += mode[r];
        }
        return total;
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

    /// <summary>All trackers whose rows belong to mode i (dm_i, dSigma_ij for all j), for one time component.</summary>
    private static KernelTerms[] Mode(Setup setup, StateSpaceComponent time, int i)
    {
        int d = setup.Dimension;
        var result = new KernelTerms[setup.Recorded.Length];
        var hasDelta = setup.DeltaVariance > 0;
        var shiftTracker = new ScalarTracker();
        var covDiagonal = new ScalarTracker();
        var meanDiagonal = new ScalarTracker();
        var covCross = hasDelta ? new double[d] : [];
        var covSquare = hasDelta ? new double[d] : [];
        var meanCross = hasDelta && setup.HasMean ? new double[d] : [];
        var meanSquare = hasDelta && setup.HasMean ? new double[d] : [];
        var ones = Enumerable.Repeat(1.0, d).ToArray();
        double secondMean = 0, secondCov = 0;
        for (var p = 0; p < setup.Beta.Length; p++)
        {
            double phi = time.Phi[p], sigma = time.Sigma[p], beta = setup.Beta[p];
            var a = setup.Amplification[p];
            double ai = a[i];
            if (setup.ShiftVariance > 0) shiftTracker.Add(phi, sigma, ai, beta);
            if (hasDelta)
            {
                // The diagonal entry has its own tracker: both Delta_ii terms of eq. (27) coincide there.
                var crossSum = RowUpdate(covCross, covSquare, ai, a, setup.CovarianceForcing[p], phi, sigma, i);
                var diagonalCross = covDiagonal.Add(phi, sigma, ai * ai, 2 * setup.CovarianceForcing[p][i]);
                secondCov = ai * ai * secondCov
                            - 2 * beta * ai * setup.DeltaVariance * (crossSum + diagonalCross)
                            + beta * beta * setup.DeltaVariance * sigma * sigma * setup.PreviousVarianceSum[p];
                if (setup.HasMean)
                {
                    RowUpdate(meanCross, meanSquare, ai, ones, setup.MeanForcing[p], phi, sigma, i);
                    var meanDiagonalCross = meanDiagonal.Add(phi, sigma, ai, setup.MeanForcing[p][i]);
                    secondMean = ai * secondMean - beta * setup.DeltaVariance * meanDiagonalCross;
                }
            }

            var slot = setup.Slot[p];
            if (slot < 0) continue;
            var rec = setup.Recorded[slot];
            double matrixMean = 0, matrixCov = 0;
            if (hasDelta)
            {
                matrixCov = setup.DeltaVariance * (WeightedSum(covSquare, rec, i) + 0.5 * rec.Bures.Weight(i, i) * covDiagonal.Square);
                if (setup.HasMean) matrixMean = setup.DeltaVariance * (meanSquare.Sum() + meanDiagonal.Square);
            }
            var meanGap = setup.Problem.Exact.Mean[rec.K][i] - rec.ReferenceMean[i];
            result[slot] = new KernelTerms(setup.ShiftVariance * shiftTracker.Square, matrixMean, matrixCov, 0,
                2 * meanGap * secondMean, rec.Bures.Gradient(i) * secondCov);
        }
        return result;
    }

    /// <summary>
    /// One step of the trackers <c>y_j &lt;- lambda_j y_j + c_j z_n</c>, <c>lambda_j = scale * rowFactor_j</c>, for all j != skip, with
    /// <c>z_n = sigma u_n</c>, <c>u_n = phi u_{n-1} + ...</c>: returns <c>sum_j E[y_j z_n]</c> before the update, then advances
    /// <c>E[y_j u]</c> (<paramref name="cross"/>) and <c>E[y_j^2]</c> (<paramref name="square"/>). Entry skip is kept at zero (its
    /// coordinate has a tracker of its own). With phi = 0 (independent in time) no cross moment survives a step, so the cheaper
    /// update <c>E[y^2] &lt;- lambda^2 E[y^2] + c^2 sigma^2</c> is exact.
    /// </summary>
    private static double RowUpdate(double[] cross, double[] square, double scale, double[] rowFactor, double[] forcing, double phi, double sigma, int skip)
    {
        var width = Vector<double>.Count;
        var g = MemoryMarshal.Cast<double, Vector<double>>(cross.AsSpan());
        var q = MemoryMarshal.Cast<double, Vector<double>>(square.AsSpan());
        var r = MemoryMarshal.Cast<double, Vector<double>>(rowFactor.AsSpan());
        var c = MemoryMarshal.Cast<double, Vector<double>>(forcing.AsSpan());
        var vScale = new Vector<double>(scale);
        var vSigma2 = new Vector<double>(sigma * sigma);
        var total = 0.0;
        if (phi == 0)
        {
            for (var v = 0; v < q.Length; v++)
            {
                var l = vScale * r[v];
                q[v] = l * l * q[v] + c[v] * c[v] * vSigma2;
            }
            for (var j = q.Length * width; j < square.Length; j++)
            {
                var l = scale * rowFactor[j];
                square[j] = l * l * square[j] + forcing[j] * forcing[j] * sigma * sigma;
            }
        }
        else
        {
            var vPhi = new Vector<double>(phi);
            var vSigma = new Vector<double>(sigma);
            var sum = Vector<double>.Zero;
            for (var v = 0; v < g.Length; v++)
            {
                var l = vScale * r[v];
                var gv = g[v] * vPhi;
                sum += gv;
                q[v] = l * l * q[v] + 2.0 * l * c[v] * vSigma * gv + c[v] * c[v] * vSigma2;
                g[v] = l * gv + c[v] * vSigma;
            }
            total = Vector.Sum(sum);
            for (var j = g.Length * width; j < cross.Length; j++)
            {
                var l = scale * rowFactor[j];
                var gj = cross[j] * phi;
                total += gj;
                square[j] = l * l * square[j] + 2 * l * forcing[j] * sigma * gj + forcing[j] * forcing[j] * sigma * sigma;
                cross[j] = l * gj + forcing[j] * sigma;
            }
        }
        cross[skip] = 0;
        square[skip] = 0;
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
