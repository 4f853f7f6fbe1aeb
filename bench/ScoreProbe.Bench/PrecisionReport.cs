using System.Diagnostics;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;

namespace ScoreProbe.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/ScoreProbe.Bench -- precision</c>: the Monte Carlo cost of matching the kernel's
/// precision on the default problem. The kernel's error is the remainder E W2^2 - (F* + Q_complete), measured with the
/// control-variate estimator; Monte Carlo needs <c>n = (1.96 sd / |error|)^2</c> antithetic pairs for a half-width of that size.
/// </summary>
public static class PrecisionReport
{
    public static void Run()
    {
        var (problem, errors) = KernelProblems.Create(8, 100);
        var clock = Stopwatch.StartNew();
        const int kernelRepeats = 20;
        for (var i = 0; i < kernelRepeats; i++) KernelExpansion.Predict(problem, errors, [0]);
        var kernelSeconds = clock.Elapsed.TotalSeconds / kernelRepeats;

        clock.Restart();
        var mc = MonteCarloReference.Run(problem, errors, [0], 2000, seed: 1)[0];
        var secondsPerPair = clock.Elapsed.TotalSeconds / mc.Samples;
        var remainder = MonteCarloReference.Remainder(problem, errors, [0], 400, seed: 2)[0];
        var kernelError = Math.Max(Math.Abs(remainder.Mean), remainder.HalfWidth95);
        var sd = mc.HalfWidth95 / 1.959963984540054 * Math.Sqrt(mc.Samples);
        var pairsNeeded = Math.Pow(1.959963984540054 * sd / kernelError, 2);
        Console.WriteLine($"kernel prediction: {kernelSeconds * 1e3:F2} ms");
        Console.WriteLine($"monte carlo: {secondsPerPair * 1e3:F3} ms per antithetic pair, sd {sd:G3}");
        Console.WriteLine($"kernel error |E W2^2 - predicted| <= {kernelError:G3} (remainder {remainder.Mean:G3} ± {remainder.HalfWidth95:G2})");
        Console.WriteLine($"pairs for a 95% half-width of that size: {pairsNeeded:G3}; Monte Carlo time {pairsNeeded * secondsPerPair:G3} s");
        Console.WriteLine($"ratio Monte Carlo / kernel at equal precision: {pairsNeeded * secondsPerPair / kernelSeconds:G3}");
        var atOnePercent = Math.Pow(1.959963984540054 * sd / (0.01 * (mc.Mean)), 2) * secondsPerPair;
        Console.WriteLine($"ratio at a 1% relative half-width of E W2^2 instead: {atOnePercent / kernelSeconds:G3}");
    }
}
