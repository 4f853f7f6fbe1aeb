using ScoreProbe.Neural.Diffusion;
using TorchSharp;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests;

/// <summary>DDPM/DDIM constants and updates against published values and independent derivations.</summary>
public class SchedulerTests
{
    private static readonly NoiseSchedule Linear = NoiseSchedule.Default;

    [Fact]
    public void LinearScheduleMatchesDiffusersPublishedEndpoint()
    {
        // diffusers DDPMScheduler() (float32): alphas_cumprod[999] = 4.0358e-05.
        Assert.Equal(4.0358e-05, Linear.AlphasCumprod[999], 4.0358e-05 * 2e-4);
        Assert.Equal(0.9999, Linear.AlphasCumprod[0], 15);
        Assert.Equal(0.02, Linear.Betas[999], 15);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(499)]
    [InlineData(999)]
    public void LinearAlphaBarEqualsAnExactDecimalProduct(int t)
    {
        // 28-digit decimal arithmetic on beta_i = 1e-4 + (0.02 - 1e-4) i / 999, an independent evaluation of prod (1 - beta_i).
        var product = 1m;
        for (var i = 0; i <= t; i++) product *= 1m - (0.0001m + 0.0199m * i / 999m);
        Assert.Equal((double)product, Linear.AlphasCumprod[t], (double)product * 1e-12);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(500)]
    [InlineData(900)]
    public void CosineAlphaBarTelescopesToTheClosedForm(int t)
    {
        // Without the 0.999 cap the product telescopes: alphabar_t = f((t+1)/T) / f(0), f(s) = cos^2((s+0.008)/1.008 pi/2).
        static double Fn(double s) => Math.Pow(Math.Cos((s + 0.008) / 1.008 * Math.PI / 2), 2);
        var schedule = NoiseSchedule.SquaredCosCapV2();
        Assert.Equal(Fn((t + 1) / 1000.0) / Fn(0), schedule.AlphasCumprod[t], 1e-12);
    }

    [Fact]
    public void LeadingSpacingMatchesDiffusers()
    {
        // DDPMScheduler.set_timesteps(50) with "leading" spacing: 980, 960, ..., 20, 0.
        var steps = Linear.LeadingTimesteps(50);
        Assert.Equal(Enumerable.Range(0, 50).Select(k => 980 - 20 * k), steps);
        Assert.Equal(Enumerable.Range(0, 1000).Reverse(), Linear.LeadingTimesteps(1000));
    }

    [Fact]
    public void DdpmStepMatchesTheGaussianPosteriorByMonteCarlo()
    {
        // Independent truth: regress x_{t-1} on x_t in the joint Gaussian of (x_{t-1}, x_t) given x0:
        // E = sqrt(abar') x0 + c (x_t - sqrt(abar) x0), c = sqrt(alpha)(1 - abar')/(1 - abar), Var = (1 - abar') - c^2 (1 - abar).
        const int t = 600, n = 200_000;
        var (abar, abarPrevious) = (Linear.AlphasCumprod[t], Linear.AlphasCumprod[t - 1]);
        var alpha = abar / abarPrevious;
        const double x0 = 0.3, xt = 0.1;
        var c = Math.Sqrt(alpha) * (1 - abarPrevious) / (1 - abar);
        var expectedMean = Math.Sqrt(abarPrevious) * x0 + c * (xt - Math.Sqrt(abar) * x0);
        var expectedVariance = (1 - abarPrevious) - c * c * (1 - abar);

        using var sample = full(n, xt, ScalarType.Float64);
        using var eps = full(n, (xt - Math.Sqrt(abar) * x0) / Math.Sqrt(1 - abar), ScalarType.Float64);
        using var generator = new Generator(7);
        using var next = new DdpmScheduler(Linear).Step(eps, t, sample, 1000, generator);
        var mean = next.mean().item<double>();
        var variance = next.var().item<double>();
        Assert.Equal(expectedMean, mean, 5 * Math.Sqrt(expectedVariance / n));
        Assert.Equal(expectedVariance, variance, expectedVariance * 5 * Math.Sqrt(2.0 / n));
        Assert.Equal(expectedVariance, new DdpmScheduler(Linear).Variance(t, 1000), 1e-15);
    }

    [Fact]
    public void DdpmLastStepIsNoiselessAndVarianceIsClamped()
    {
        using var x = full(4, 0.5, ScalarType.Float64);
        using var eps = zeros(4, ScalarType.Float64);
        using var generator = new Generator(1);
        using var next = new DdpmScheduler(Linear).Step(eps, 0, x, 1000, generator);
        // At t = 0, abar' = 1: the update returns x0_hat = x / sqrt(abar_0) exactly, with no noise.
        Assert.Equal(0.5 / Math.Sqrt(0.9999), next[0].item<double>(), 12);
        Assert.Equal(DdpmScheduler.MinimumVariance, new DdpmScheduler(Linear).Variance(0, 1000));
    }

    [Fact]
    public void DdimWithTheTrueNoiseLandsOnTheForwardMarginalPoint()
    {
        // With eps_hat = eps, x_t = sqrt(abar) x0 + sqrt(1-abar) eps maps to sqrt(abar') x0 + sqrt(1-abar') eps (eta = 0).
        const int t = 980, steps = 50;
        var (abar, abarPrevious) = (Linear.AlphasCumprod[t], Linear.AlphasCumprod[t - 20]);
        using var x0 = tensor(new[] { 0.5, -0.25, 0.9 });
        using var eps = tensor(new[] { 1.0, -2.0, 0.3 });
        using var xt = Math.Sqrt(abar) * x0 + Math.Sqrt(1 - abar) * eps;
        using var generator = new Generator(1);
        using var next = new DdimScheduler(Linear).Step(eps, t, xt, steps, generator);
        using var expected = Math.Sqrt(abarPrevious) * x0 + Math.Sqrt(1 - abarPrevious) * eps;
        Assert.True(next.allclose(expected, rtol: 0, atol: 1e-12));
    }

    [Fact]
    public void AddNoiseIsTheForwardMarginal()
    {
        using var x0 = tensor(new float[] { 1f, -1f });
        using var noise = tensor(new float[] { 0.5f, 2f });
        using var t = tensor(new long[] { 10, 999 });
        using var xt = Linear.AddNoise(x0, noise, t);
        for (var i = 0; i < 2; i++)
        {
            var abar = Linear.AlphasCumprod[i == 0 ? 10 : 999];
            var expected = Math.Sqrt(abar) * x0[i].item<float>() + Math.Sqrt(1 - abar) * noise[i].item<float>();
            Assert.Equal(expected, xt[i].item<float>(), 1e-6);
        }
    }
}
