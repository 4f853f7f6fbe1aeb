using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Bench;

/// <summary>The benchmark setting of issue 2: VP-linear, Euler–Maruyama, p = 1 spectrum, AR(1) errors (rho 0.9, eps 0.1, both parts).</summary>
internal static class KernelProblems
{
    public static (ReverseProblem Problem, ScoreErrorModel Errors) Create(int dim, int steps, string sampler = "em") =>
        new GaussianProblemSpec { Dim = dim, Steps = steps, Sampler = sampler, TMin = 1e-3, ErrorModel = "ar1", Rho = 0.9, Eps = 0.1 }.Build();
}
