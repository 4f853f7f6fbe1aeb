using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Design;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Design;

public class PredictedErrorObjectiveTests
{
    private static readonly GaussianTarget MeanTarget =
        new(Vector<double>.Build.Dense([0.7, -0.4, 0.2]), Matrix<double>.Build.DenseOfDiagonalArray([1.6, 0.9, 0.25]));

    public static TheoryData<string, string, ErrorParts, bool> Cases => new()
    {
        { "em", "ar1", ErrorParts.Both, true },
        { "em", "ou", ErrorParts.Both, false },
        { "ddim", "shared", ErrorParts.Matrix, true },
        { "ddpm", "independent", ErrorParts.Shift, false },
        { "exp-integrator", "ar1", ErrorParts.Both, false },
        { "heun", "none", ErrorParts.Both, true },
        { "rk4", "none", ErrorParts.Both, false },
    };

    private static (GaussianProblemSpec Spec, PredictedErrorObjective Objective) Build(string sampler, string model, ErrorParts parts, bool withMean, int steps = 8)
    {
        var spec = new GaussianProblemSpec
        {
            Dim = 3, Spectrum = 1, Target = withMean ? MeanTarget : null, Sampler = sampler, Steps = steps, TMin = 0.02,
            ErrorModel = model == "none" ? "independent" : model, Rho = 0.7, Eps = 0.1, Parts = parts, LengthScale = 0.2,
        };
        var errors = model == "none" ? null : GridDesigner.ErrorModel(spec);
        return (spec, new PredictedErrorObjective(spec.BuildTarget(), spec.BuildSchedule(), spec.BuildSampler(), steps, spec.TMin, spec.Reference, errors));
    }

    private static double EnginePrediction(GaussianProblemSpec spec, IReadOnlyList<double> times, bool withErrors)
    {
        var problem = spec.Problem(TimeGrid.Custom(times));
        var errors = spec.Errors(problem);
        var row = KernelExpansion.Predict(problem, withErrors ? errors : ScoreErrorModel.Isotropic("none", spec.Dimension, errors.Time, 0, 0), [0])[0];
        return row.Predicted;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ValueIsTheKernelEnginesPrediction(string sampler, string model, ErrorParts parts, bool withMean)
    {
        var (spec, objective) = Build(sampler, model, parts, withMean);
        var times = TimeGrid.LogSnr(8, 0.02, 1.0, spec.BuildSchedule()).Times;
        Assert.Equal(EnginePrediction(spec, times, model != "none"), objective.Prediction(times), 1e-12);
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferencesOfTheEngine(string sampler, string model, ErrorParts parts, bool withMean)
    {
        var (spec, objective) = Build(sampler, model, parts, withMean);
        var times = TimeGrid.Karras(8, 0.02, 1.0, spec.BuildSchedule()).Times.ToArray();
        var (_, gradient) = objective.ValueAndGradient(times);
        for (var k = 1; k < 8; k++)
        {
            var h = 1e-5 * Math.Min(times[k + 1] - times[k], times[k] - times[k - 1]);
            var plus = times.ToArray();
            var minus = times.ToArray();
            plus[k] += h;
            minus[k] -= h;
            var fd = (EnginePrediction(spec, plus, model != "none") - EnginePrediction(spec, minus, model != "none")) / (2 * h);
            Assert.True(Math.Abs(gradient[k] - fd) <= 1e-5 * Math.Abs(fd) + 1e-9, $"k = {k}: exact {gradient[k]:G10}, finite differences {fd:G10}");
        }
    }
}
