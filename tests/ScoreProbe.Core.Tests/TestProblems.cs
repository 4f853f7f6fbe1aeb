using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests;

/// <summary>Small problems shared by the kernel tests.</summary>
internal static class TestProblems
{
    public static ReverseProblem Build(int d = 3, double power = 1, string sampler = "em", int steps = 20, double tMin = 0.05,
        string schedule = "vp-linear", GaussianTarget? target = null, WassersteinReference reference = WassersteinReference.Data)
    {
        var s = ScheduleCatalog.Create(schedule);
        return new ReverseProblem(target ?? GaussianTarget.Spectrum(d, power), s, TimeGrid.Uniform(steps, tMin, s.Horizon),
            SamplerCatalog.Create(sampler), reference);
    }

    public static ScoreErrorModel Errors(ReverseProblem problem, string model = "ar1", double rho = 0.8, double eps = 0.1,
        ErrorParts parts = ErrorParts.Both) =>
        ScoreErrorModelCatalog.Create(model, problem.Dimension, problem.EvaluationTimes, rho, eps, parts, seed: 3);
}
