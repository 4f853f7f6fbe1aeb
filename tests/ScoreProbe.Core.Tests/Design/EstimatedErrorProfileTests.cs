using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Design;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Tests.Design;

public class EstimatedErrorProfileTests
{
    private const int Dim = 2, Reps = 3;
    private static readonly double[] Knots = [0.7, 0.0015, 0.4, 1.0, 0.15]; // the probe's order need not be time order

    /// <summary>Two networks' fitted coefficients: a smooth mean per time plus repetition noise, full Delta (d^2 + d = 6 per time).</summary>
    private static SystematicErrorEstimate[] Members()
    {
        var rng = new Random(7);
        const int p = Dim * Dim + Dim;
        return Enumerable.Range(0, 2).Select(j => new SystematicErrorEstimate(new CoefficientSamples(
            Matrix<double>.Build.Dense(Reps, Knots.Length * p, (r, c) => (0.05 + 0.02 * j) * Math.Cos(3 * Knots[c / p] + c % p) + 0.01 * Core.ErrorModels.Gaussian.Next(rng)),
            Knots.Length, Dim, false))).ToArray();
    }

    [Fact]
    public void VariancesAreTheNetworksSecondMomentWithoutFittingNoise()
    {
        // Independent form of the unbiased second moment: the average over ordered pairs of distinct repetitions of z_r . z_s.
        var members = Members();
        var profile = EstimatedErrorProfile.From(members, Knots);
        Assert.Equal(Knots.Order(), profile.Times);
        const int p = Dim * Dim + Dim;
        foreach (var (first, count, values) in new[] { (0, Dim * Dim, profile.DeltaEntryVariance), (Dim * Dim, Dim, profile.ShiftVariance) })
            for (var a = 0; a < Knots.Length; a++)
            {
                var knot = Array.IndexOf(Knots, profile.Times[a]);
                var expected = members.Average(m =>
                {
                    var total = 0.0;
                    for (var r = 0; r < Reps; r++)
                        for (var s = 0; s < Reps; s++)
                            if (r != s)
                                for (var i = 0; i < count; i++) total += m.Samples.Stacked[r, knot * p + first + i] * m.Samples.Stacked[s, knot * p + first + i];
                    return total / (Reps * (Reps - 1));
                }) / count;
                Assert.Equal(expected, values[a], 1e-14);
            }
        Assert.InRange(profile.DeltaLength, EstimatedErrorProfile.MinLength, EstimatedErrorProfile.MaxLength);
        var (mid, slope) = profile.StandardDeviation(profile.ShiftVariance, 0.55);
        var (left, right) = (Math.Sqrt(profile.ShiftVariance[2]), Math.Sqrt(profile.ShiftVariance[3]));
        Assert.Equal(0.5 * (left + right), mid, 1e-14);
        Assert.Equal((right - left) / 0.3, slope, 1e-12);
    }

    private static (PredictedErrorObjective Objective, DesignErrorModel Model, DiscreteDdpmSchedule Schedule, GaussianTarget Target) Build()
    {
        var schedule = new DiscreteDdpmSchedule(1000, 1e-4, 0.02, "linear", float32Betas: false);
        var target = GaussianTarget.Spectrum(Dim, 1);
        var model = EstimatedErrorProfile.From(Members(), Knots).DesignModel();
        return (new PredictedErrorObjective(target, schedule, new DdimSampler(), 5, 0, WassersteinReference.Data, model), model, schedule, target);
    }

    // Interior times 0.37/1000 past a node of the discrete schedule and away from the profile's knots, so the stencils stay smooth.
    private static readonly double[] Grid = [0, 0.04137, 0.20037, 0.55037, 0.85037, 1.0];

    [Fact]
    public void TheObjectiveWithAProfileIsTheKernelEnginesPredictionSummedOverItsPartsForBothKernels()
    {
        var (objective, model, schedule, target) = Build();
        var problem = new ReverseProblem(target, schedule, TimeGrid.EndingAtData(Grid[1..]), new DdimSampler());
        var rows = model.At(problem.EvaluationTimes).Select(part => KernelExpansion.Predict(problem, part, [0])[0]).ToArray();
        var expected = rows[0].E0 + rows[0].EDisc + rows.Sum(r => r.Terms.Complete);
        Assert.True(rows.All(r => r.Terms.Complete > 0));
        Assert.Equal(expected, objective.Prediction(Grid), 1e-12 * expected);
        // The curvature (paper) kernel, which the timestep design minimises.
        var paper = new PredictedErrorObjective(target, schedule, new DdimSampler(), 5, 0, WassersteinReference.Data, model, completeKernel: false);
        var expectedPaper = rows[0].E0 + rows[0].EDisc + rows.Sum(r => r.Terms.Paper);
        Assert.Equal(expectedPaper, paper.Prediction(Grid), 1e-12 * expectedPaper);
        Assert.NotEqual(expected, expectedPaper, 1e-6 * expected);
    }

    [Fact]
    public void TheObjectiveWithAProfileHasExactGradients()
    {
        var (complete, model, schedule, target) = Build();
        foreach (var objective in new[] { complete, new PredictedErrorObjective(target, schedule, new DdimSampler(), 5, 0, WassersteinReference.Data, model, completeKernel: false) })
            AssertExactGradient(objective);
    }

    private static void AssertExactGradient(PredictedErrorObjective objective)
    {
        var (_, gradient) = objective.ValueAndGradient(Grid);
        for (var k = 1; k < 5; k++)
        {
            double At(double shift)
            {
                var moved = Grid.ToArray();
                moved[k] += shift;
                return objective.Prediction(moved);
            }
            const double h = 2e-5;
            var fd = (At(-2 * h) - 8 * At(-h) + 8 * At(h) - At(2 * h)) / (12 * h);
            Assert.True(Math.Abs(gradient[k] - fd) <= 1e-7 * Math.Abs(fd) + 1e-10, $"k = {k}: exact {gradient[k]:G12}, finite differences {fd:G12}");
        }
    }
}
