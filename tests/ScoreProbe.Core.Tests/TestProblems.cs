using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests;

/// <summary>Small problems shared by the kernel tests.</summary>
internal static class TestProblems
{
    public static GaussianProblemSpec Spec(int d = 3, double power = 1, string sampler = "em", int steps = 20, double tMin = 0.05,
        string schedule = "vp-linear", GaussianTarget? target = null, WassersteinReference reference = WassersteinReference.Data) => new()
    {
        Dim = d, Spectrum = power, Sampler = sampler, Steps = steps, TMin = tMin, Schedule = schedule, Target = target, Reference = reference,
        Seed = 3,
    };

    public static ReverseProblem Build(int d = 3, double power = 1, string sampler = "em", int steps = 20, double tMin = 0.05,
        string schedule = "vp-linear", GaussianTarget? target = null, WassersteinReference reference = WassersteinReference.Data) =>
        Spec(d, power, sampler, steps, tMin, schedule, target, reference).Problem();

    public static ScoreErrorModel Errors(ReverseProblem problem, string model = "ar1", double rho = 0.8, double eps = 0.1,
        ErrorParts parts = ErrorParts.Both) =>
        new GaussianProblemSpec { ErrorModel = model, Rho = rho, Eps = eps, Parts = parts, Seed = 3 }.Errors(problem);
}
