using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Propagation;

/// <summary>
/// Everything fixed before score errors enter: target, schedule, grid, sampler and the isotropic proxy prior
/// <c>N(0, PriorVariance I)</c> at T. Works in the eigenbasis of C, where the exact-score sampler is diagonal (eq. (21)).
/// Holds the sampling loop in processing order (from T down), the score-evaluation times (the error process is indexed by
/// them, in the order they are first evaluated) and the exact-score trajectory <c>(m*_k, Sigma*_k)</c>.
/// </summary>
public sealed class ReverseProblem
{
    private readonly double[][] _precision;
    private readonly double[][] _precisionMean;

    public ReverseProblem(GaussianTarget target, IDiffusionSchedule schedule, TimeGrid grid, IReverseSampler sampler,
        WassersteinReference reference = WassersteinReference.Data)
    {
        Target = target;
        Schedule = schedule;
        Grid = grid;
        Sampler = sampler;
        Reference = reference;
        PriorVariance = schedule.PriorVariance;
        if (grid.Horizon > schedule.Horizon * (1 + 1e-12))
            throw new InvalidConfigurationException($"grid ends at T = {grid.Horizon} beyond the {schedule.Name} schedule's horizon {schedule.Horizon}; use T <= {schedule.Horizon}");

        var evalTimes = new List<double>();
        var evalIndex = new Dictionary<double, int>();
        var steps = new List<SamplerStep>();
        for (var k = grid.Steps - 1; k >= 0; k--)
        {
            var context = new StepContext(schedule, grid[k + 1], grid[k]);
            var stages = sampler.StageTimes(context).Select(t =>
            {
                if (!evalIndex.TryGetValue(t, out var n))
                {
                    n = evalTimes.Count;
                    evalIndex[t] = n;
                    evalTimes.Add(t);
                }
                return n;
            }).ToArray();
            steps.Add(new SamplerStep(k, context, stages, sampler.NoiseStd(context)));
        }
        Steps = steps;
        EvaluationTimes = evalTimes;

        var c = target.Eigenvalues;
        var mu = target.MeanInEigenbasis;
        _precision = new double[evalTimes.Count][];
        _precisionMean = new double[evalTimes.Count][];
        for (var n = 0; n < evalTimes.Count; n++)
        {
            double a = schedule.MeanScale(evalTimes[n]), b2 = schedule.NoiseVariance(evalTimes[n]);
            _precision[n] = new double[Dimension];
            _precisionMean[n] = new double[Dimension];
            for (var i = 0; i < Dimension; i++)
            {
                _precision[n][i] = 1 / (a * a * c[i] + b2); // eq. (3): Sigma_t^{-1}, Sigma_t = a^2 C + b2 I
                _precisionMean[n][i] = _precision[n][i] * a * mu[i];
            }
        }
        Exact = ExactScoreTrajectory.Compute(this);
    }

    public GaussianTarget Target { get; }
    public IDiffusionSchedule Schedule { get; }
    public TimeGrid Grid { get; }
    public IReverseSampler Sampler { get; }
    public WassersteinReference Reference { get; }
    public double PriorVariance { get; }
    public int Dimension => Target.Dimension;

    /// <summary>The sampling loop, first step (from T) first.</summary>
    public IReadOnlyList<SamplerStep> Steps { get; }

    /// <summary>Distinct score-evaluation times in the order the sampler first uses them (descending time).</summary>
    public IReadOnlyList<double> EvaluationTimes { get; }

    public ExactScoreTrajectory Exact { get; }

    /// <summary>Diagonal of <c>Sigma_t^{-1}</c> at evaluation time n, in the eigenbasis.</summary>
    public ReadOnlySpan<double> Precision(int n) => _precision[n];

    /// <summary><c>Sigma_t^{-1} m_t</c> at evaluation time n, in the eigenbasis.</summary>
    public ReadOnlySpan<double> PrecisionMean(int n) => _precisionMean[n];

    /// <summary>Mean and variances (eigenbasis) of the reference distribution at grid index k.</summary>
    public (double[] Mean, double[] Variance) ReferenceMoments(int k) => ReferenceMomentsAt(Target, Schedule, Reference, Grid[k]);

    /// <summary>Mean and variances (eigenbasis) of the reference distribution at time t.</summary>
    public static (double[] Mean, double[] Variance) ReferenceMomentsAt(GaussianTarget target, IDiffusionSchedule schedule, WassersteinReference reference, double t)
    {
        var c = target.Eigenvalues;
        var mu = target.MeanInEigenbasis;
        if (reference == WassersteinReference.Data) return (mu.ToArray(), c.ToArray());
        double a = schedule.MeanScale(t), b2 = schedule.NoiseVariance(t);
        return (mu.Select(m => a * m).ToArray(), c.Select(ci => a * a * ci + b2).ToArray());
    }
}
