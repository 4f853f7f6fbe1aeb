using ScoreProbe.Core.Design;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Design;

public class PredictedErrorObjectiveTests
{
    private static readonly GaussianTarget MeanTarget = TestProblems.DiagonalWithMean;

    public static TheoryData<string, string, ErrorParts, bool, string> Cases => new()
    {
        { "em", "ar1", ErrorParts.Both, true, "vp-linear" },
        { "em", "ou", ErrorParts.Both, false, "vp-linear" },
        { "ddim", "shared", ErrorParts.Matrix, true, "vp-linear" },
        { "ddpm", "independent", ErrorParts.Shift, false, "vp-linear" },
        { "exp-integrator", "ar1", ErrorParts.Both, false, "vp-linear" },
        { "heun", "none", ErrorParts.Both, true, "vp-linear" },
        { "rk4", "none", ErrorParts.Both, false, "vp-linear" },
        { "pf-euler", "ou", ErrorParts.Both, true, "vp-cosine" },
        { "alpha", "ar1", ErrorParts.Shift, true, "ve" },
        { "ddim", "ou", ErrorParts.Both, true, "ddpm" },
        { "ddpm", "shared", ErrorParts.Both, false, "ddpm-cosine" },
        { "exp-integrator", "ou", ErrorParts.Matrix, true, "ve" },
        { "heun", "none", ErrorParts.Both, false, "vp-cosine" },
        { "rk4", "none", ErrorParts.Both, true, "ddpm" },
    };

    private static (GaussianProblemSpec Spec, PredictedErrorObjective Objective) Build(string sampler, string model, ErrorParts parts, bool withMean,
        string schedule = "vp-linear", int steps = 8)
    {
        var spec = new GaussianProblemSpec
        {
            Dim = 3, Spectrum = 1, Target = withMean ? MeanTarget : null, Sampler = sampler, Alpha = 0.6, Schedule = schedule, Steps = steps, TMin = 0.02,
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
    public void ValueIsTheKernelEnginesPrediction(string sampler, string model, ErrorParts parts, bool withMean, string schedule)
    {
        var (spec, objective) = Build(sampler, model, parts, withMean, schedule);
        var times = TimeGrid.LogSnr(8, 0.02, objective.Horizon, spec.BuildSchedule()).Times;
        var engine = EnginePrediction(spec, times, model != "none");
        Assert.Equal(engine, objective.Prediction(times), 1e-12 * Math.Max(1, engine));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void GradientMatchesFiniteDifferencesOfTheEngine(string sampler, string model, ErrorParts parts, bool withMean, string schedule)
    {
        var (spec, objective) = Build(sampler, model, parts, withMean, schedule);
        // On the discrete schedules interior times sit 0.37/1000 past a node (multiples of 1/1000), so that no end or midpoint stage
        // is within the stencil's reach of a jump of their piecewise-constant beta.
        var times = spec.BuildSchedule() is DiscreteDdpmSchedule
            ? TimeGrid.Quadratic(8, 0.02, objective.Horizon).Times.Select((t, k) => k == 0 || k == 8 ? t : (Math.Floor(1000 * t) + 0.37) / 1000).ToArray()
            : TimeGrid.Karras(8, 0.02, objective.Horizon, spec.BuildSchedule()).Times.ToArray();
        var (_, gradient) = objective.ValueAndGradient(times);
        double Engine(int k, double shift)
        {
            var moved = times.ToArray();
            moved[k] += shift;
            return EnginePrediction(spec, moved, model != "none");
        }
        for (var k = 1; k < 8; k++)
        {
            // Fourth-order central differences of the kernel engine, which shares no derivative code with the objective.
            var h = Math.Min(1e-3 * Math.Min(times[k + 1] - times[k], times[k] - times[k - 1]), 5e-5); // 2h < the 0.13/1000 to the nearest node
            var fd = (Engine(k, -2 * h) - 8 * Engine(k, -h) + 8 * Engine(k, h) - Engine(k, 2 * h)) / (12 * h);
            Assert.True(Math.Abs(gradient[k] - fd) <= 1e-7 * Math.Abs(fd) + 1e-10, $"k = {k}: exact {gradient[k]:G12}, finite differences {fd:G12}");
        }
    }
}
