using ScoreProbe.Core.Spde;
using ScoreProbe.Core.Statistics;
using Xunit.Abstractions;

namespace ScoreProbe.Core.Tests.Spde;

public class SpdeSolverTests(ITestOutputHelper output)
{
    /// <summary>L1 distance between u_T and the exact p_0 (cell-centre values scaled to unit mass).</summary>
    private static double HeatKernelError(int dim, int cells, SpdeBoundary boundary = SpdeBoundary.ZeroFlux)
    {
        var config = new SpdeConfig(dim, cells, NoiseAmplitude: 0, Realisations: 1, Seed: 0, Boundary: boundary, RecordPoints: 3, HalfWidth: 5.0)
        {
            Target = HeatTarget.Gaussian(dim, variance: 0.5, horizon: 0.5),
        };
        var solver = new StochasticFiniteVolumeSolver(config);
        var run = solver.Run(0);
        var exact = solver.TargetDensity(0.5);
        return run.FinalDensity.Zip(exact, (u, v) => Math.Abs(u - v)).Sum() * solver.Grid.CellVolume;
    }

    [Fact]
    public void Without_noise_the_solver_reproduces_the_heat_kernel_solution_at_second_order()
    {
        int[] cells = [20, 40, 80, 160];
        var errors = cells.Select(n => HeatKernelError(1, n)).ToArray();
        output.WriteLine(string.Join(", ", errors.Select(e => e.ToString("E3"))));
        var order = LogLogSlope.Fit(cells.Select(n => 10.0 / n).ToArray(), errors).Slope;
        output.WriteLine($"observed order {order:F3}");
        Assert.InRange(order, 1.8, 2.3);
        Assert.True(errors[^1] < 1e-3);
    }

    [Fact]
    public void Two_dimensional_deterministic_solution_converges_too()
    {
        var coarse = HeatKernelError(2, 16);
        var fine = HeatKernelError(2, 32, SpdeBoundary.Periodic);
        output.WriteLine($"{coarse:E3} {fine:E3}");
        Assert.InRange(Math.Log2(coarse / fine), 1.6, 2.4);
    }

    [Theory]
    [InlineData(1, SpdeBoundary.ZeroFlux)]
    [InlineData(1, SpdeBoundary.Periodic)]
    [InlineData(2, SpdeBoundary.ZeroFlux)]
    [InlineData(2, SpdeBoundary.Periodic)]
    public void Noisy_runs_conserve_mass_and_stay_non_negative(int dim, SpdeBoundary boundary)
    {
        var config = new SpdeConfig(dim, dim == 1 ? 64 : 24, NoiseAmplitude: 0.5, Realisations: 1, Seed: 3, Boundary: boundary, RecordPoints: 11);
        var run = new StochasticFiniteVolumeSolver(config).Run(0);
        output.WriteLine($"mass error {run.MaxMassError:E2}, min {run.MinDensity:E2}, steps {run.Steps}, limited {run.LimitedSteps}, final KL {run.Kl[^1]:E3}");
        Assert.True(run.MaxMassError < 1e-12);
        Assert.True(run.MinDensity >= 0);
        Assert.True(run.Kl[^1] > 0);
    }

    [Fact]
    public void Positivity_limiter_keeps_densities_non_negative_under_violent_noise()
    {
        // Without the noise term of the step-size rule, a large amplitude makes the noise displacement exceed a cell's content.
        var config = new SpdeConfig(1, 32, NoiseAmplitude: 3, Realisations: 1, Seed: 5, RecordPoints: 5, LimitStepByNoise: false);
        var run = new StochasticFiniteVolumeSolver(config).Run(0);
        output.WriteLine($"limited {run.LimitedSteps} of {run.Steps}, min {run.MinDensity:E2}, mass error {run.MaxMassError:E2}");
        Assert.True(run.LimitedSteps > 0, "the limiter was never exercised");
        Assert.True(run.MinDensity >= 0);
        Assert.True(run.MaxMassError < 1e-12);
    }

    [Fact]
    public void Contraction_pulls_a_shifted_start_back_towards_the_target_path()
    {
        // Without noise KL(u_t || v_t) of two solutions of the same Fokker-Planck equation can only decrease (eq. (9), no noise power).
        var run = new StochasticFiniteVolumeSolver(new SpdeConfig(1, 64, NoiseAmplitude: 0, Realisations: 1, Seed: 0, RecordPoints: 21, InitialShift: 1.0)).Run(0);
        output.WriteLine(string.Join(" ", run.Kl.Select(v => v.ToString("E2"))));
        for (var r = 1; r < run.Kl.Length; r++) Assert.True(run.Kl[r] <= run.Kl[r - 1] + 1e-12);
        Assert.True(run.Kl[^1] < 0.6 * run.Kl[0]);
    }

    [Fact]
    public void Frozen_gaussian_target_relaxes_at_its_log_sobolev_rate()
    {
        // Gradient flow of KL(u || N(0, s^2)) from u_0 = N(m_0, s^2): the mean follows dm/dt = -m / s^2 and the variance stays,
        // so KL = m^2 / (2 s^2) obeys dE/dt = -2 lambda E with lambda = 1 / s^2, the LSI constant of the target; eta = 0.
        const double variance = 0.5;
        var config = new SpdeConfig(1, 200, NoiseAmplitude: 0, Realisations: 1, Seed: 0, Form: SpdeDriftForm.GradientFlow,
            RecordPoints: 41, HalfWidth: 6.0, InitialShift: 1.0, FreezeTarget: true)
        {
            Target = HeatTarget.Gaussian(1, variance, horizon: 0.5),
        };
        var result = SpdeEnsemble.Run(config);
        output.WriteLine($"{result.Fit}");
        Assert.Equal(1.0 / variance, result.Fit!.Lambda, 1);
        Assert.InRange(result.Fit.Lambda, 0.97 / variance, 1.03 / variance);
        Assert.Equal(0.0, result.Fit.Eta, 3);
    }

    [Fact]
    public void Eq_10_fit_of_a_shifted_noisy_start_has_positive_restoring_rate_and_injection()
    {
        var result = SpdeEnsemble.Run(new SpdeConfig(1, 64, NoiseAmplitude: 0.1, Realisations: 8, Seed: 2, RecordPoints: 41, InitialShift: 1.0));
        output.WriteLine($"{result.Fit}; KL0 {result.MeanKl[0]:E3} KLT {result.MeanKl[^1]:E3}");
        Assert.NotNull(result.Fit);
        Assert.True(result.Fit!.Lambda > 0);
        Assert.True(result.Fit.Eta > 0);
    }

    [Fact]
    public void Same_seed_reproduces_the_ensemble()
    {
        var config = new SpdeConfig(1, 32, NoiseAmplitude: 0.3, Realisations: 4, Seed: 9, RecordPoints: 11);
        Assert.Equal(SpdeEnsemble.Run(config).MeanKl, SpdeEnsemble.Run(config).MeanKl);
    }

    [Fact]
    public void Noise_drives_the_kl_up_into_a_bounded_band_and_more_noise_gives_a_wider_band()
    {
        var weak = SpdeEnsemble.Run(new SpdeConfig(1, 64, NoiseAmplitude: 0.2, Realisations: 8, Seed: 1, RecordPoints: 41));
        var strong = SpdeEnsemble.Run(new SpdeConfig(1, 64, NoiseAmplitude: 0.4, Realisations: 8, Seed: 1, RecordPoints: 41));
        output.WriteLine($"weak final mean {weak.MeanKl[^1]:E3} fit {weak.Fit}; strong {strong.MeanKl[^1]:E3} fit {strong.Fit}");
        output.WriteLine(string.Join(" ", strong.MeanKl.Select(v => v.ToString("E2"))));
        Assert.True(strong.MeanKl[^1] > weak.MeanKl[^1]);
        Assert.All(strong.Times.Select((_, r) => r), r => Assert.True(strong.LowerKl[r] <= strong.MedianKl[r] && strong.MedianKl[r] <= strong.UpperKl[r]));
    }
}
