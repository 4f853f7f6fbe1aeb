using ScoreProbe.Core.Spde;

namespace ScoreProbe.Core.Tests.Spde;

public class KlAndEnergyFitTests
{
    [Fact]
    public void Kl_of_identical_densities_is_zero()
    {
        double[] u = [0.1, 0.4, 0.0, 0.5];
        Assert.Equal(0.0, DiscreteKl.Compute(u, u, 1.0));
    }

    [Fact]
    public void Kl_between_gaussians_on_a_fine_grid_matches_the_closed_form()
    {
        // KL(N(m1, s1^2) || N(m2, s2^2)) = log(s2 / s1) + (s1^2 + (m1 - m2)^2) / (2 s2^2) - 1/2.
        double m1 = 0.3, s1 = 0.8, m2 = -0.2, s2 = 1.3;
        var grid = new SpdeGrid(1, 2000, 12.0, SpdeBoundary.ZeroFlux);
        var u = grid.NormalisedDensity(x => Math.Exp(-0.5 * Math.Pow((x[0] - m1) / s1, 2)));
        var v = grid.NormalisedDensity(x => Math.Exp(-0.5 * Math.Pow((x[0] - m2) / s2, 2)));
        var exact = Math.Log(s2 / s1) + (s1 * s1 + (m1 - m2) * (m1 - m2)) / (2 * s2 * s2) - 0.5;
        Assert.Equal(exact, DiscreteKl.Compute(u, v, grid.CellVolume), 10);
    }

    [Fact]
    public void Kl_is_infinite_where_the_reference_vanishes()
    {
        Assert.Equal(double.PositiveInfinity, DiscreteKl.Compute([0.5, 0.5], [1.0, 0.0], 1.0));
    }

    [Fact]
    public void Energy_fit_recovers_lambda_and_eta_from_the_exact_solution_of_eq_10()
    {
        // E(t) = eta / (2 lambda) (1 - exp(-2 lambda t)) solves dE/dt = -2 lambda E + eta with E(0) = 0.
        const double lambda = 1.7, eta = 0.05;
        var times = Enumerable.Range(0, 201).Select(i => i / 100.0).ToArray();
        var energy = times.Select(t => eta / (2 * lambda) * (1 - Math.Exp(-2 * lambda * t))).ToArray();
        var fit = EnergyBalanceFit.TryFit(times, energy)!;
        Assert.Equal(lambda, fit.Lambda, 3);
        Assert.Equal(eta, fit.Eta, 4);
        Assert.Equal(eta / (2 * lambda), fit.Plateau, 4);
    }

    [Fact]
    public void Energy_fit_declines_a_constant_curve()
    {
        Assert.Null(EnergyBalanceFit.TryFit([0, 1, 2, 3, 4], [0.1, 0.1, 0.1, 0.1, 0.1]));
    }

    [Fact]
    public void Heat_target_variance_grows_by_twice_the_remaining_time()
    {
        var target = HeatTarget.Gaussian(1, variance: 0.25, horizon: 1.0);
        // v_0 = N(0, 0.25 + 2): density at 0 is 1 / sqrt(2 pi 2.25); d/dx log v = -x / 2.25.
        Assert.Equal(1.0 / Math.Sqrt(2 * Math.PI * 2.25), target.Density(0.0, [0.0]), 14);
        Assert.Equal(-1.0 / 2.25, target.GradLog(0.0, [1.0], 0), 14);
        Assert.Equal(-1.0 / 0.25, target.GradLog(1.0, [1.0], 0), 14);
    }
}
