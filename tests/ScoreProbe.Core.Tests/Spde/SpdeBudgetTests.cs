using ScoreProbe.Core.Spde;

namespace ScoreProbe.Core.Tests.Spde;

/// <summary>Issue 14: values that made the SPDE solver hang, allocate without bound or return NaN are refused up front, naming the setting.</summary>
public class SpdeBudgetTests
{
    private static SpdeConfig Small(double noise = 0.2, int cells = 16, int realisations = 2, int modes = 6, int recordPoints = 6, double shift = 0, int dim = 1) =>
        new(dim, cells, noise, realisations, Seed: 1, NoiseModes: modes, RecordPoints: recordPoints, InitialShift: shift);

    private static InvalidConfigurationException Refusal(Func<SpdeConfig> config, double fitFrom = 0) =>
        Assert.Throws<InvalidConfigurationException>(() => SpdeEnsemble.Prepare(config(), fitFrom));

    [Theory]
    [InlineData(1e308)]
    [InlineData(2147483648.0)]
    public void A_noise_amplitude_that_collapses_the_time_step_is_refused_instead_of_hanging(double noise)
    {
        var e = Refusal(() => Small(noise));
        Assert.Equal("noise-amplitude", e.Parameter);
        Assert.Contains("time step", e.Problem);
    }

    [Fact]
    public void Sizes_that_cannot_fit_in_memory_are_refused_before_allocating()
    {
        Assert.Equal("cells", Refusal(() => Small(cells: int.MaxValue)).Parameter);
        Assert.Equal("realisations", Refusal(() => Small(realisations: int.MaxValue)).Parameter);
        Assert.Equal("noise-modes", Refusal(() => Small(modes: int.MaxValue)).Parameter);
        Assert.Equal("record-points", Refusal(() => Small(recordPoints: int.MaxValue)).Parameter);
        Assert.Contains("GiB", Refusal(() => Small(cells: int.MaxValue)).Problem);
    }

    [Fact]
    public void A_grid_so_fine_that_the_stable_step_needs_over_1e8_steps_is_refused()
    {
        // dt ~ Courant h^2 / 2: 200,000 cells on [-10.5, 10.5] give h = 1.05e-4 and about 2e8 steps for T = 1.
        var e = Refusal(() => Small(cells: 200_000, noise: 0));
        Assert.Equal("cells", e.Parameter);
        Assert.Contains("time step", e.Problem);
    }

    [Fact]
    public void Realisations_that_multiply_a_feasible_run_past_the_work_budget_are_refused()
    {
        var e = Refusal(() => Small(cells: 2000, noise: 0, realisations: 100_000));
        Assert.Equal("realisations", e.Parameter);
        Assert.Contains("cell updates", e.Problem);
    }

    [Fact]
    public void A_shift_or_horizon_that_moves_u0_off_the_grid_is_refused_instead_of_renormalised()
    {
        Assert.Equal("initial-shift", Refusal(() => Small(shift: 1e308)).Parameter);
        Assert.Equal("initial-shift", Refusal(() => Small(shift: 40)).Parameter);
        var horizon = Assert.Throws<InvalidConfigurationException>(() => HeatTarget.Bimodal(1, 1e308));
        Assert.Equal("horizon", horizon.Parameter);
        Assert.Equal("horizon", Assert.Throws<InvalidConfigurationException>(() => HeatTarget.Bimodal(1, double.NaN)).Parameter);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(-1)]
    [InlineData(int.MaxValue)]
    public void Only_one_and_two_dimensions_are_accepted_even_for_the_default_target(int dim)
    {
        var e = Assert.Throws<InvalidConfigurationException>(() => Small(dim: dim));
        Assert.Equal("dim", e.Parameter);
    }

    [Fact]
    public void A_fit_window_with_fewer_than_five_record_times_names_the_setting_to_change()
    {
        Assert.Equal("record-points", Refusal(() => Small(recordPoints: 4)).Parameter);
        Assert.Equal("fit-from", Refusal(() => Small(recordPoints: 6), fitFrom: 0.5).Parameter);
        Assert.Equal("fit-from", Refusal(() => Small(), fitFrom: 1e308).Parameter);
    }

    [Theory]
    [InlineData(0.0, 32)]
    [InlineData(0.5, 32)]
    [InlineData(3.0, 24)]
    public void The_step_estimate_of_the_budget_bounds_the_steps_a_realisation_takes(double noise, int cells)
    {
        var solver = new StochasticFiniteVolumeSolver(Small(noise, cells));
        var taken = solver.Run(0).Steps;
        var estimate = solver.StepEstimate();
        Assert.InRange(taken, 1, estimate);
        // An upper estimate, not a gross one: within a factor of 4 of what the run took.
        Assert.True(estimate < 4 * taken, $"estimate {estimate} vs {taken} steps");
    }
}
