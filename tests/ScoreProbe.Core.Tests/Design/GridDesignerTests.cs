using ScoreProbe.Core.Design;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;

namespace ScoreProbe.Core.Tests.Design;

public class GridDesignerTests
{
    private static readonly GaussianProblemSpec Spec = new()
    {
        Dim = 3, Spectrum = 2, Sampler = "ddim", Steps = 16, TMin = 0.02, ErrorModel = "ar1", Rho = 0.9, Eps = 0.2, Parts = ErrorParts.Both,
    };

    private static double EnginePrediction(IReadOnlyList<double> times, GaussianProblemSpec? spec = null)
    {
        spec ??= Spec;
        var problem = spec.Problem(TimeGrid.Custom(times));
        return KernelExpansion.Predict(problem, spec.Errors(problem), [0])[0].Predicted;
    }

    /// <summary>
    /// Euler–Maruyama's unconstrained optimum would take one overshooting first step, and it spends fewer evaluations than
    /// allowed (two times merge: a step of length 0 injects no error). The designer stops at the stability barrier and at the
    /// merge: there the minimised function is stationary in every time that can move both ways (|dJ/dt_k| h_k vanishes), the
    /// grid is stable (the engine accepts it) and it beats the families.
    /// </summary>
    [Fact]
    public void EulerMaruyamaDesignStopsInsideTheStableGridsAtAStationaryPoint()
    {
        var spec = Spec with { Sampler = "em" };
        var objective = GridDesigner.Objective(spec, 16);
        var standard = GridDesigner.StandardGrids(objective, spec.BuildSchedule());
        var design = GridDesigner.Design(objective, standard, perturbedStarts: 0);
        var (value, gradient) = objective.ValueAndGradient(design.Grid.Times);
        for (var k = 1; k < 16; k++)
        {
            var room = Math.Min(design.Grid[k + 1] - design.Grid[k], design.Grid[k] - design.Grid[k - 1]);
            Assert.True(Math.Abs(gradient[k]) * room <= 1e-6 * value, $"t_{k}: |dJ/dt| h = {Math.Abs(gradient[k]) * room:G3}");
        }
        Assert.False(objective.IsUnstable(design.Grid.Times));
        Assert.Equal(design.Predicted, EnginePrediction(design.Grid.Times, spec), 1e-12 * design.Predicted);
        Assert.True(design.Predicted < standard.Where(g => !objective.IsUnstable(g.Times)).Min(g => EnginePrediction(g.Times, spec)));
        var rng = new Random(9);
        var times = design.Grid.Times;
        for (var trial = 0; trial < 30; trial++)
        {
            var moved = times.ToArray();
            for (var k = 1; k < 16; k++)
                moved[k] += 1e-3 * (2 * rng.NextDouble() - 1) * Math.Min(times[k + 1] - times[k], times[k] - times[k - 1]);
            Assert.True(objective.Value(moved) >= objective.Value(times) * (1 - 1e-12), $"trial {trial} lowered the minimised function");
        }
    }

    /// <summary>The DDIM design both tests below inspect (computed once).</summary>
    private static readonly Lazy<(PredictedErrorObjective Objective, TimeGrid[] Standard, GridDesign Design)> DdimDesign = new(() =>
    {
        var objective = GridDesigner.Objective(Spec, 16);
        var standard = GridDesigner.StandardGrids(objective, Spec.BuildSchedule());
        return (objective, standard, GridDesigner.Design(objective, standard));
    });

    [Fact]
    public void OptimumIsStationaryAndNoRandomFeasiblePerturbationLowersIt()
    {
        var (objective, _, design) = DdimDesign.Value;
        Assert.True(design.Winner.Converged, string.Join("; ", design.Runs.Select(r => $"{r.Start}: {r.StartValue:G6} -> {r.FinalValue:G10} in {r.Iterations}, gradient {r.RelativeGradient:G3}")));
        Assert.True(design.Winner.RelativeGradient <= GridDesigner.Tolerance, $"relative gradient {design.Winner.RelativeGradient:G3}");
        var (value, gradient) = objective.ValueAndGradient(design.Grid.Times);
        var times = design.Grid.Times;
        for (var k = 1; k < 16; k++)
        {
            // dJ/dt_k times the local step: the change of J for a move of the time across its neighbourhood.
            var scaled = Math.Abs(gradient[k]) * Math.Min(times[k + 1] - times[k], times[k] - times[k - 1]);
            Assert.True(scaled <= 1e-7 * value, $"t_{k}: |dJ/dt| h = {scaled:G3}, J = {value:G6}");
        }
        var optimum = EnginePrediction(times);
        Assert.Equal(design.Predicted, optimum, 1e-12 * optimum);
        var rng = new Random(5);
        for (var trial = 0; trial < 60; trial++)
        {
            var size = trial < 30 ? 1e-3 : 3e-2;
            var moved = times.ToArray();
            for (var k = 1; k < 16; k++)
                moved[k] += size * (2 * rng.NextDouble() - 1) * Math.Min(times[k + 1] - times[k], times[k] - times[k - 1]);
            Assert.True(EnginePrediction(moved) >= optimum * (1 - 1e-12), $"trial {trial}: a perturbation lowered the prediction");
        }
    }

    [Fact]
    public void OptimumIsAtOrBelowEveryStandardFamilyAndDiffersFromThem()
    {
        var (objective, standard, design) = DdimDesign.Value;
        foreach (var grid in standard.Where(g => !objective.IsUnstable(g.Times)))
            Assert.True(design.Predicted <= EnginePrediction(grid.Times), $"{grid.Kind} predicts less than the optimum");
        Assert.True(design.Predicted < 0.99 * standard.Where(g => !objective.IsUnstable(g.Times)).Min(g => EnginePrediction(g.Times)),
            "the optimum should improve on the best family by at least 1% here");
    }

    [Fact]
    public void ThetaGradientIsTheChainRuleOfTheTimes()
    {
        var map = new GridParameterisation(6, 0.01, 1.0);
        double[] theta = [0.3, -0.2, 0.9, 0.1, -1.0, 0.4];
        double F(double[] t) => Enumerable.Range(1, 5).Sum(k => Math.Sin(3 * t[k]) * k);
        var timeGradient = map.Times(theta).Select((t, k) => k is 0 or 6 ? 0 : 3 * Math.Cos(3 * t) * k).ToArray();
        var exact = map.ThetaGradient(theta, timeGradient);
        for (var l = 0; l < 6; l++)
        {
            var plus = theta.ToArray();
            var minus = theta.ToArray();
            plus[l] += 1e-6;
            minus[l] -= 1e-6;
            Assert.Equal((F(map.Times(plus)) - F(map.Times(minus))) / 2e-6, exact[l], 1e-8);
        }
        Assert.Equal(TimeGrid.Quadratic(6, 0.01, 1.0).Times.ToArray(), map.Times(map.Theta(TimeGrid.Quadratic(6, 0.01, 1.0).Times)), new ToleranceComparer(1e-14));
    }

    [Theory]
    [InlineData("em", 1)]
    [InlineData("ddim", 1)]
    [InlineData("heun", 2)]
    [InlineData("rk4", 4)]
    public void NfeCountsEveryScoreCall(string sampler, int perStep)
    {
        var s = new VpLinearSchedule();
        Assert.Equal(perStep, SamplerCost.EvaluationsPerStep(SamplerCatalog.Create(sampler), s));
        Assert.Equal(5, SamplerCost.StepsForBudget(SamplerCatalog.Create(sampler), s, 5 * perStep));
    }

    [Theory]
    [InlineData("heun", 15)]
    [InlineData("rk4", 3)]
    [InlineData("em", 0)]
    public void BudgetsASamplerCannotMeetAreBadInput(string sampler, int nfe)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => SamplerCost.StepsForBudget(SamplerCatalog.Create(sampler), new VpLinearSchedule(), nfe));
        Assert.Equal("nfe", e.Parameter);
    }

    [Fact]
    public void ScoreErrorsWithAMultiStageSamplerAreBadInput()
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => GridDesigner.Objective(Spec with { Sampler = "heun" }, 5));
        Assert.Equal("sampler", e.Parameter);
    }

    private sealed class ToleranceComparer(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
