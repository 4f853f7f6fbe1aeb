using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Bench;

/// <summary>The benchmark setting of issue 2: VP-linear, Euler–Maruyama, p = 1 spectrum, AR(1) errors (rho 0.9, eps 0.1, both parts).</summary>
internal static class KernelProblems
{
    public static (ReverseProblem Problem, ScoreErrorModel Errors) Create(int dim, int steps, string sampler = "em")
    {
        var schedule = new VpLinearSchedule();
        var problem = new ReverseProblem(GaussianTarget.Spectrum(dim, 1), schedule, TimeGrid.Uniform(steps, 1e-3, 1), SamplerCatalog.Create(sampler));
        var errors = ScoreErrorModelCatalog.Create("ar1", dim, problem.EvaluationTimes, 0.9, 0.1, ErrorParts.Both);
        return (problem, errors);
    }
}
