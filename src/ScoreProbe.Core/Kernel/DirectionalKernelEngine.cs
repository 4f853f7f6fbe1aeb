using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Core.Kernel;

/// <summary>
/// The general path: any sampler (multi-stage included), any spatial structure, dense d x d perturbations.
/// Writing the error as <c>Z = sum_j xi_j w_j</c> with independent unit xi_j (w_j = spatial direction (x) a column of a factor
/// of the time covariance), <c>E F(Z) = F(0) + 1/2 sum_j d^2/d eps^2 F(eps w_j) + O(eps^3)</c>. Each second derivative comes from
/// propagating the moments as second-order polynomials in eps through the exact sampler (<see cref="Taylor2AffineMap"/>), so
/// the result is the exact second-order term of eq. (23)–(24), not an approximation of it. Cost O(#directions x m x K d^3):
/// meant for small d and as the reference for <see cref="IsotropicModeKernelEngine"/>.
/// </summary>
public static class DirectionalKernelEngine
{
    /// <summary>Kernel terms at each grid index in <paramref name="recorded"/> (ascending grid indices).</summary>
    public static KernelTerms[] Compute(ReverseProblem problem, IScoreErrorModel errors, IReadOnlyList<int> recorded)
    {
        var work = errors.Perturbations(problem.Target.Eigenvectors).ToArray();
        var perWork = new KernelTerms[work.Length][];
        Parallel.For(0, work.Length, w => perWork[w] = Propagate(problem, work[w], recorded));
        var total = new KernelTerms[recorded.Count];
        foreach (var terms in perWork)
            for (var r = 0; r < total.Length; r++) total[r] += terms[r];
        return total;
    }

    /// <summary>
    /// The time interaction matrix of §7 at the final step, <c>I_ab = k(a,b) K_ab</c>, with the paper kernel reduced to time,
    /// <c>K_ab = sum_s &lt;J_a^s, Hess F J_b^s&gt;</c>: <c>J_a^s = (dm, dSigma)</c> is the first-order response at the final step to a
    /// unit error in spatial direction s at evaluation time a. <c>sum_ab I_ab = Q_paper</c>; the diagonal is what
    /// independent-in-time errors would give.
    /// </summary>
    public static Matrix<double> InteractionMatrix(ReverseProblem problem, ScoreErrorModel errors)
    {
        var kernel = TimeKernel(problem, errors);
        return Matrix<double>.Build.Dense(kernel.RowCount, kernel.ColumnCount, (a, b) => errors.Time[a, b] * kernel[a, b]);
    }

    /// <summary>The paper kernel reduced to time, <c>K_ab</c> of <see cref="InteractionMatrix(ReverseProblem, ScoreErrorModel)"/>, for the model's spatial covariance.</summary>
    public static Matrix<double> TimeKernel(ReverseProblem problem, ScoreErrorModel errors)
    {
        int m = problem.EvaluationTimes.Count, d = problem.Dimension;
        var (_, refVar) = problem.ReferenceMoments(0);
        var bures = new CommutingBures(refVar, problem.Exact.Variance[0]);
        var gram = Matrix<double>.Build.Dense(m, m);
        foreach (var s in errors.DirectionsInEigenbasis(problem.Target.Eigenvectors))
        {
            var responses = new (Vector<double> Mean, Matrix<double> Cov)[m];
            Parallel.For(0, m, a =>
            {
                var impulse = new double[m];
                impulse[a] = 1;
                var final = Run(problem, Separable(s, impulse), _ => false, (_, _) => { });
                responses[a] = (final.M1Shift + final.M1Matrix, final.S1);
            });
            for (var a = 0; a < m; a++)
            for (var b = a; b < m; b++)
            {
                gram[a, b] += Pairing(bures, responses[a], responses[b]);
                gram[b, a] = gram[a, b];
            }
        }
        return gram;
    }

    /// <summary>
    /// The time interaction matrix over blocks of evaluation times for any error model,
    /// <c>I_AB = sum_j &lt;y1(w_j|A), Hess F y1(w_j|B)&gt;</c> at the final step (paper kernel, §7), where <c>w_j|A</c> is direction j of
    /// the model restricted to the evaluation times in block A and y1 its first-order response <c>(dm, dSigma)</c>. The sum of all
    /// cells is Q_paper; singleton blocks of a separable model reproduce <see cref="InteractionMatrix(ReverseProblem, ScoreErrorModel)"/>.
    /// Blocks keep the cost at (#directions x #blocks) propagations when the grid has many evaluation times.
    /// </summary>
    public static Matrix<double> InteractionMatrix(ReverseProblem problem, IScoreErrorModel errors, IReadOnlyList<IReadOnlyList<int>> blocks)
    {
        var owner = new int[problem.EvaluationTimes.Count];
        Array.Fill(owner, -1);
        for (var a = 0; a < blocks.Count; a++)
            foreach (var n in blocks[a]) owner[n] = a;
        var directions = errors.Perturbations(problem.Target.Eigenvectors).ToArray();
        var responses = new (Vector<double> Mean, Matrix<double> Cov)[directions.Length, blocks.Count];
        Parallel.For(0, directions.Length * blocks.Count, job =>
        {
            int j = job / blocks.Count, a = job % blocks.Count;
            var final = Run(problem, n => owner[n] == a ? directions[j](n) : null, _ => false, (_, _) => { });
            responses[j, a] = (final.M1Shift + final.M1Matrix, final.S1);
        });
        var (_, refVar) = problem.ReferenceMoments(0);
        var bures = new CommutingBures(refVar, problem.Exact.Variance[0]);
        var interaction = Matrix<double>.Build.Dense(blocks.Count, blocks.Count);
        for (var j = 0; j < directions.Length; j++)
            for (var a = 0; a < blocks.Count; a++)
            for (var b = 0; b < blocks.Count; b++)
                interaction[a, b] += Pairing(bures, responses[j, a], responses[j, b]);
        return interaction;
    }

    /// <summary>
    /// The expansion of <c>W2^2(ref, q_k)</c> along one deterministic error direction (a mean error: the non-centred expansion), at
    /// each recorded grid index (ascending): <c>F(eps w) = F* + eps First + eps^2 Second.Complete + O(eps^3)</c>.
    /// </summary>
    public static DirectionalExpansion[] AlongDirection(ReverseProblem problem, Func<int, SpatialDirection?> direction, IReadOnlyList<int> recorded)
    {
        var slot = Slots(problem, recorded);
        var result = new DirectionalExpansion[recorded.Count];
        Run(problem, direction, k => slot[k] >= 0, (k, state) => result[slot[k]] = new DirectionalExpansion(First(problem, k, state), Terms(problem, k, state)));
        return result;
    }

    /// <summary>The paper kernel's pairing of two first-order responses at the final step: <c>dm_a . dm_b + 1/2 D^2 B^2[dSigma_a, dSigma_b]</c>.</summary>
    private static double Pairing(CommutingBures bures, (Vector<double> Mean, Matrix<double> Cov) a, (Vector<double> Mean, Matrix<double> Cov) b)
    {
        var value = a.Mean.DotProduct(b.Mean);
        for (var i = 0; i < a.Cov.RowCount; i++)
        for (var j = 0; j < a.Cov.ColumnCount; j++)
            value += 0.5 * bures.Weight(i, j) * a.Cov[i, j] * b.Cov[i, j];
        return value;
    }

    /// <summary>
    /// <c>1/2 d^2/d eps^2 W2^2(ref, q_k(eps Z))</c> at eps = 0 for one concrete draw Z: the quadratic term of that draw. Its
    /// expectation over draws is the complete kernel, so it serves as an exact control variate when measuring the remainder.
    /// </summary>
    public static KernelTerms[] QuadraticTermOfDraw(ReverseProblem problem, ErrorDraw draw, IReadOnlyList<int> recorded)
    {
        var slot = Slots(problem, recorded);
        var terms = new KernelTerms[recorded.Count];
        Run(problem, n => draw.Delta[n] is null && draw.Shift[n] is null ? null : new SpatialDirection(draw.Delta[n], draw.Shift[n]),
            k => slot[k] >= 0, (k, state) => terms[slot[k]] = Terms(problem, k, state));
        return terms;
    }

    private static KernelTerms[] Propagate(ReverseProblem problem, Func<int, SpatialDirection?> perturbation, IReadOnlyList<int> recorded)
    {
        var slot = Slots(problem, recorded);
        var terms = new KernelTerms[recorded.Count];
        Run(problem, perturbation, k => slot[k] >= 0, (k, state) => terms[slot[k]] = Terms(problem, k, state));
        return terms;
    }

    /// <summary>
    /// Taylor-2 moment propagation (eq. (23)–(24) expanded): <c>m' = A m + a</c>, <c>Sigma' = A Sigma A^T + sigma^2 I</c>, each product
    /// truncated at eps^2, with the error at evaluation time n equal to eps times <paramref name="perturbation"/>(n) (null: none).
    /// Before the first perturbed step, the moments are the exact-score ones.
    /// </summary>
    private static MomentExpansion Run(ReverseProblem problem, Func<int, SpatialDirection?> perturbation,
        Func<int, bool> isRecorded, Action<int, MomentExpansion> record)
    {
        int d = problem.Dimension;
        var perturbations = Enumerable.Range(0, problem.EvaluationTimes.Count).Select(perturbation).ToArray();
        var first = problem.Steps.TakeWhile(st => st.Evaluations.All(n => perturbations[n] is null)).Count();
        var state = MomentExpansion.AtExact(problem, first < problem.Steps.Count ? problem.Steps[first].TargetIndex + 1 : 0);
        for (var p = 0; p < problem.Steps.Count; p++)
        {
            var step = problem.Steps[p];
            if (p >= first)
            {
                var map = problem.Sampler.Step(Taylor2AffineMap.Identity(d), step.Context, (x, stage) =>
                {
                    var n = step.Evaluations[stage];
                    var precision = Matrix<double>.Build.DiagonalOfDiagonalArray(problem.Precision(n).ToArray());
                    var precisionMean = Vector<double>.Build.DenseOfArray(problem.PrecisionMean(n).ToArray());
                    return x.Score(precision, precisionMean, perturbations[n]?.Delta, perturbations[n]?.Shift);
                });
                state = state.Advance(map, step.NoiseStd);
            }
            if (isRecorded(step.TargetIndex)) record(step.TargetIndex, p >= first ? state : MomentExpansion.AtExact(problem, step.TargetIndex));
        }
        return state;
    }

    /// <summary>Position of each grid index in <paramref name="recorded"/>, -1 where it is not recorded.</summary>
    private static int[] Slots(ReverseProblem problem, IReadOnlyList<int> recorded)
    {
        var slot = new int[problem.Grid.Steps + 1];
        Array.Fill(slot, -1);
        for (var r = 0; r < recorded.Count; r++) slot[recorded[r]] = r;
        return slot;
    }

    /// <summary><c>&lt;grad F*, y1&gt;</c>: F* is the exact-score W2^2 to the reference; in the eigenbasis its Bures gradient is diagonal.</summary>
    private static double First(ReverseProblem problem, int k, MomentExpansion e)
    {
        var (refMean, refVar) = problem.ReferenceMoments(k);
        var bures = new CommutingBures(refVar, problem.Exact.Variance[k]);
        var first = 0.0;
        for (var i = 0; i < e.S1.RowCount; i++)
            first += 2 * (problem.Exact.Mean[k][i] - refMean[i]) * (e.M1Shift[i] + e.M1Matrix[i]) + bures.Gradient(i) * e.S1[i, i];
        return first;
    }

    /// <summary>Scales a direction by the time profile at n; null where the profile vanishes.</summary>
    private static Func<int, SpatialDirection?> Separable(SpatialDirection direction, double[] profile) => n =>
        profile[n] == 0 ? null : direction.Scale(profile[n]);

    private static KernelTerms Terms(ReverseProblem problem, int k, MomentExpansion e)
    {
        var (refMean, refVar) = problem.ReferenceMoments(k);
        var bures = new CommutingBures(refVar, problem.Exact.Variance[k]);
        double covCurvature = 0, covCorrection = 0, meanCorrection = 0;
        for (var i = 0; i < e.S1.RowCount; i++)
        {
            for (var j = 0; j < e.S1.ColumnCount; j++) covCurvature += bures.Weight(i, j) * e.S1[i, j] * e.S1[i, j];
            covCorrection += bures.Gradient(i) * e.S2[i, i];
            meanCorrection += 2 * (problem.Exact.Mean[k][i] - refMean[i]) * e.M2[i];
        }
        return new KernelTerms(
            e.M1Shift.DotProduct(e.M1Shift), e.M1Matrix.DotProduct(e.M1Matrix), 0.5 * covCurvature,
            2 * e.M1Shift.DotProduct(e.M1Matrix), meanCorrection, covCorrection);
    }

    /// <summary>Moments as polynomials in eps: <c>m = m0 + eps (m1 shift + m1 matrix) + eps^2 m2</c>, <c>Sigma = S0 + eps S1 + eps^2 S2</c>.</summary>
    private sealed record MomentExpansion(Vector<double> M0, Vector<double> M1Shift, Vector<double> M1Matrix, Vector<double> M2,
        Matrix<double> S0, Matrix<double> S1, Matrix<double> S2)
    {
        public static MomentExpansion AtExact(ReverseProblem problem, int k)
        {
            int d = problem.Dimension;
            var zero = Vector<double>.Build.Dense(d);
            var zeroM = Matrix<double>.Build.Dense(d, d);
            return new(Vector<double>.Build.DenseOfArray(problem.Exact.Mean[k]), zero, zero, zero,
                Matrix<double>.Build.DenseOfDiagonalArray(problem.Exact.Variance[k]), zeroM, zeroM);
        }

        public MomentExpansion Advance(Taylor2AffineMap map, double noiseStd)
        {
            var (a0, a1, a2) = (map.A0, map.A1, map.A2);
            var s0a0 = S0 * a0.Transpose();
            var s1a0 = S1 * a0.Transpose();
            var a1s0 = a1 * S0;
            var noise = Matrix<double>.Build.DenseIdentity(a0.RowCount) * (noiseStd * noiseStd);
            var sym1 = a1 * s0a0;
            var sym2 = a1 * s1a0 + a2 * s0a0;
            return new MomentExpansion(
                a0 * M0 + map.A0Offset,
                a0 * M1Shift + map.ShiftOffset1,
                a0 * M1Matrix + a1 * M0 + map.MatrixOffset1,
                a0 * M2 + a1 * (M1Shift + M1Matrix) + a2 * M0 + map.Offset2,
                a0 * s0a0 + noise,
                a0 * s1a0 + sym1 + sym1.Transpose(),
                a0 * S2 * a0.Transpose() + sym2 + sym2.Transpose() + a1s0 * a1.Transpose());
        }
    }
}
