namespace ScoreProbe.Core.Propagation;

/// <summary>
/// The exact-score sampler's moments (eq. (21)) in the eigenbasis of C: each mode i is a scalar recursion
/// <c>m_k = A_ki m_{k+1} + a_ki</c>, <c>s_k = A_ki^2 s_{k+1} + sigma_k^2</c>, started from the proxy prior at k = K.
/// </summary>
public sealed class ExactScoreTrajectory
{
    private ExactScoreTrajectory(double[][] mean, double[][] variance, double[][] amplification)
    {
        Mean = mean;
        Variance = variance;
        Amplification = amplification;
    }

    /// <summary><c>m*_k</c> (eigenbasis) for grid index k = 0..K.</summary>
    public IReadOnlyList<double[]> Mean { get; }

    /// <summary>Diagonal of <c>Sigma*_k</c> (eigenbasis) for k = 0..K.</summary>
    public IReadOnlyList<double[]> Variance { get; }

    /// <summary><c>A*_k</c> per mode for the step into grid index k = 0..K-1.</summary>
    public IReadOnlyList<double[]> Amplification { get; }

    internal static ExactScoreTrajectory Compute(ReverseProblem problem)
    {
        int d = problem.Dimension, steps = problem.Grid.Steps;
        var mean = new double[steps + 1][];
        var variance = new double[steps + 1][];
        var amplification = new double[steps][];
        mean[steps] = new double[d];
        variance[steps] = Enumerable.Repeat(problem.PriorVariance, d).ToArray();
        foreach (var step in problem.Steps)
        {
            int k = step.TargetIndex;
            mean[k] = new double[d];
            variance[k] = new double[d];
            amplification[k] = new double[d];
            var single = SingleStageCoefficients.TryRead(problem.Sampler, step.Context);
            for (var i = 0; i < d; i++)
            {
                var map = single is { } w
                    ? new ScalarAffine(w.StateWeight, 0) + w.ScoreWeight * ScalarAffine.Identity.Score(problem.Precision(step.Evaluations[0])[i], problem.PrecisionMean(step.Evaluations[0])[i])
                    : ModeStep(problem, step, i);
                double slope = map.Slope.Value, offset = map.Offset.Value;
                if (slope <= -1 || !double.IsFinite(slope))
                    throw new InvalidConfigurationException(
                        $"unstable step: {problem.Sampler.Name} from t={step.Context.From:G4} to t={step.Context.To:G4} multiplies eigen-mode {i} " +
                        $"(data variance {problem.Target.Eigenvalues[i]:G4}) by {slope:G4}, so the recurrence oscillates and grows; " +
                        "use more --steps, a larger --t-min or a grid finer near t_min (--grid quadratic or karras)");
                amplification[k][i] = slope;
                mean[k][i] = slope * mean[k + 1][i] + offset;
                variance[k][i] = slope * slope * variance[k + 1][i] + step.NoiseStd * step.NoiseStd;
            }
        }
        return new ExactScoreTrajectory(mean, variance, amplification);
    }

    /// <summary>A multi-stage step of one mode, read off the sampler with scalar affine states.</summary>
    private static ScalarAffine ModeStep(ReverseProblem problem, SamplerStep step, int mode) =>
        problem.Sampler.Step(ScalarAffine.Identity, step.Context, (x, stage) =>
        {
            var n = step.Evaluations[stage];
            return x.Score(problem.Precision(n)[mode], problem.PrecisionMean(n)[mode]);
        });
}
