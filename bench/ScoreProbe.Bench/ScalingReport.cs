using System.Diagnostics;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/ScoreProbe.Bench -- scaling</c>: wall time of the kernel prediction and of one
/// Monte Carlo antithetic pair on the benchmark problem over a sweep of steps m (d fixed) and dimensions d (m fixed), with
/// the fitted power-law exponents (OLS slope of log time on log size, 95% interval). Monte Carlo propagates a dense
/// d x d covariance per draw, so its sweep stops at smaller d than the kernel's.
/// </summary>
public static class ScalingReport
{
    private static readonly int[] KernelSteps = [125, 250, 500, 1000];
    private static readonly int[] KernelDims = [128, 256, 512, 1024];
    private static readonly int[] MonteCarloSteps = [50, 100, 200, 400];
    private static readonly int[] MonteCarloDims = [8, 16, 32, 64];
    private const int FixedKernelDim = 256;
    private const int FixedKernelSteps = 250;
    private const int FixedMonteCarloDim = 16;
    private const int FixedMonteCarloSteps = 100;

    public static void Run()
    {
        // Tiered JIT recompiles the hot loops after their first calls: warm everything up before any clock starts.
        for (var i = 0; i < 3; i++)
        {
            KernelSeconds(FixedKernelDim, FixedKernelSteps);
            MonteCarloSecondsPerPair(FixedMonteCarloDim, FixedMonteCarloSteps);
        }
        var clock = Stopwatch.StartNew();
        var (goalProblem, goalErrors) = KernelProblems.Create(1024, 1000);
        var setup = clock.Elapsed.TotalSeconds;
        var predict = BestOfThree(() => KernelExpansion.Predict(goalProblem, goalErrors, [0]));
        Console.WriteLine($"goal d = 1024, m = 1000: setup (exact-score trajectory) {setup * 1e3:F0} ms + prediction {predict * 1e3:F0} ms = {(setup + predict) * 1e3:F0} ms");
        Sweep("kernel vs m (d = 256)", KernelSteps, m => KernelSeconds(FixedKernelDim, m));
        Sweep("kernel vs d (m = 250)", KernelDims, d => KernelSeconds(d, FixedKernelSteps));
        Sweep("monte carlo per pair vs m (d = 16)", MonteCarloSteps, m => MonteCarloSecondsPerPair(FixedMonteCarloDim, m));
        Sweep("monte carlo per pair vs d (m = 100)", MonteCarloDims, d => MonteCarloSecondsPerPair(d, FixedMonteCarloSteps));
    }

    private static void Sweep(string title, int[] sizes, Func<int, double> seconds)
    {
        Console.WriteLine(title);
        var times = new double[sizes.Length];
        for (var i = 0; i < sizes.Length; i++)
        {
            times[i] = seconds(sizes[i]);
            Console.WriteLine($"  {sizes[i],6}  {times[i] * 1e3,12:F3} ms");
        }
        var fit = LogLogSlope.Fit(sizes.Select(s => (double)s).ToArray(), times);
        Console.WriteLine($"  exponent {fit.Slope:F2} [{fit.SlopeLower95:F2}, {fit.SlopeUpper95:F2}]");
    }

    /// <summary>Best of three runs after one warm-up: the least disturbed by other work on a shared machine.</summary>
    private static double BestOfThree(Action action)
    {
        action();
        var best = double.PositiveInfinity;
        for (var i = 0; i < 3; i++)
        {
            var clock = Stopwatch.StartNew();
            action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return best;
    }

    private static double KernelSeconds(int dim, int steps)
    {
        var (problem, errors) = KernelProblems.Create(dim, steps);
        return BestOfThree(() => KernelExpansion.Predict(problem, errors, [0]));
    }

    private static double MonteCarloSecondsPerPair(int dim, int steps)
    {
        const int draws = 40;
        var (problem, errors) = KernelProblems.Create(dim, steps);
        return BestOfThree(() => MonteCarloReference.Run(problem, errors, [0], draws, seed: 1)) / (draws / 2);
    }
}
