using ScoreProbe.Core;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// Contracts an estimated error covariance with the kernel of a sampler (paper 000 §7, "contract these empirical covariances
/// with the precomputed kernels"): the sampler runs on the grid <c>t_min &lt; t_1 &lt; ... &lt; t_m</c> made of the residual times, so
/// that it evaluates the score exactly where the residuals were taken (single-stage samplers evaluate at t_{k+1}).
/// </summary>
public sealed record ResidualPrediction(string Sampler, string Schedule, double Spectrum, double? TMin)
{
    public ReverseProblem Problem(ResidualSet residuals)
    {
        var times = residuals.Times.OrderBy(t => t).ToArray();
        var tMin = TMin ?? times[0] / 2;
        if (!(tMin > 0 && tMin < times[0]))
            throw new InvalidConfigurationException("t-min", $"must lie in (0, {Guard.Show(times[0])}), below the first residual time (got {Guard.Show(tMin)})");
        var schedule = ScheduleCatalog.Create(Guard.OneOf("predict-schedule", Schedule, ScheduleCatalog.Names));
        var sampler = SamplerCatalog.Create(Guard.OneOf("predict-sampler", Sampler, SamplerCatalog.Names));
        var problem = new ReverseProblem(GaussianTarget.Spectrum(residuals.Dim, Spectrum), schedule, TimeGrid.Custom([tMin, .. times]), sampler);
        if (problem.EvaluationTimes.Count != times.Length)
            throw new InvalidConfigurationException("predict-sampler", $"{Sampler} evaluates the score between grid times; predictions from residuals need a single-stage sampler (em, pf-euler, ddpm, ddim, exp-integrator)");
        return problem;
    }

    /// <summary>The complete kernel Q at the final step for a covariance estimated on <paramref name="residuals"/>.</summary>
    public Func<TimeCovarianceEstimate, double> Contraction(ResidualSet residuals, bool diagonalDelta)
    {
        var problem = Problem(residuals);
        var indexOf = residuals.Times.Select((t, a) => (t, a)).ToDictionary(x => x.t, x => x.a);
        var order = problem.EvaluationTimes.Select(t => indexOf[t]).ToArray();
        return estimate =>
        {
            var model = EstimatedErrorModel.From(new CoefficientCovariance(estimate, residuals.Dim, diagonalDelta), timeOfEvaluation: order);
            return DirectionalKernelEngine.Compute(problem, model, [0])[0].Complete;
        };
    }
}
