using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests;

/// <summary>Small problems shared by the kernel tests.</summary>
internal static class TestProblems
{
    /// <summary>A diagonal 3-d target with a non-zero mean: the mean couples Delta into the mean terms.</summary>
    public static readonly GaussianTarget DiagonalWithMean =
        new(Vector<double>.Build.Dense([0.7, -0.4, 0.2]), Matrix<double>.Build.DenseOfDiagonalArray([1.6, 0.9, 0.25]));

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
