using System.Diagnostics;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.LinearAlgebra;
using ScoreProbe.Neural.Native;

namespace ScoreProbe.Bench;

/// <summary>
/// <c>dotnet run -c Release --project bench/ScoreProbe.Bench -- peers [--sinkhorn N,N,...] [--frechet N:D,...]</c>: ScoreProbe
/// and the peer on the same points in one run, with the ratios. Fréchet: pytorch-fid's calculate_frechet_distance (distance from
/// statistics, what pytorch-fid times) and statistics + distance (the whole path from features). Sinkhorn: geomloss'
/// tensorised SamplesLoss in float64 at 3072-D, time and peak resident memory of each. The peers need Debian's python3-torch,
/// python3-numpy, python3-scipy (python3-torchvision for pytorch-fid) and their public sources (PEER_SRC_GEOMLOSS,
/// PEER_SRC_PYTORCH_FID; see bench/peers/README.md); without them the report says "peer not installed" and times ScoreProbe alone.
/// </summary>
public static class PeersReport
{
    public static void Run(string[] args)
    {
        var frechetCases = Option(args, "--frechet", "500:64,500:2048,10000:2048").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(c => c.Split(':').Select(int.Parse).ToArray()).ToArray();
        var sinkhornSizes = Option(args, "--sinkhorn", "2000").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(int.Parse).ToArray();
        NativeLoader.EnsureLoaded();
        Console.WriteLine($"load average at start: {Load()}; ScoreProbe libtorch threads: {NativeLoader.ThreadCount} (SCOREPROBE_THREADS)");
        foreach (var c in frechetCases) Frechet(c[0], c[1]);
        foreach (var n in sinkhornSizes) Sinkhorn(n, 3072);
        Console.WriteLine($"load average at end: {Load()}");
    }

    private static void Frechet(int n, int d)
    {
        var (a, b) = PeerFeatures.Pair(n, d);
        var algebra = TorchLinearAlgebra.Instance;
        var (statisticsSeconds, stats) = BestOfThree(() => (FrechetDistance.MeanAndCovariance(a, algebra), FrechetDistance.MeanAndCovariance(b, algebra)));
        var ((m1, c1), (m2, c2)) = stats;
        var (distanceSeconds, fromStatistics) = BestOfThree(() => FrechetDistance.Squared(m1, c1, m2, c2, algebra));
        var (wholeSeconds, fromFeatures) = BestOfThree(() => FrechetDistance.SquaredFromSamples(a, b, algebra));
        Console.WriteLine($"frechet n = {n}, d = {d}: ScoreProbe distance from statistics {Ms(distanceSeconds)}, statistics {Ms(statisticsSeconds)}, " +
                          $"whole path from features {Ms(wholeSeconds)}{(n < d ? " (n x n route)" : "")}; value {fromFeatures:R} (statistics route {fromStatistics:R})");
        var peer = PeerProcess.Run("frechet_pytorch_fid.py", "time", n.ToString(), d.ToString(), d >= 1000 ? "1" : "3");
        if (peer.Missing is { } why) { Console.WriteLine($"  pytorch-fid: {why}"); return; }
        var record = peer.Record!;
        double peerDistance = record["distance_seconds"]!.GetValue<double>(), peerStatistics = record["statistics_seconds"]!.GetValue<double>();
        var peerValue = record["value"]!.GetValue<double>();
        Console.WriteLine($"  pytorch-fid: distance {Ms(peerDistance)}, statistics {Ms(peerStatistics)}; value {peerValue:R} " +
                          $"(relative difference {Math.Abs(peerValue / fromFeatures - 1):E2}); BLAS {string.Join(" ", record["blas"]!.AsArray().Select(x => Path.GetFileName(x!.GetValue<string>())).Where(f => f.StartsWith("lib")))}");
        Console.WriteLine($"  ratio pytorch-fid / ScoreProbe: distance from statistics {peerDistance / distanceSeconds:F1}x, " +
                          $"whole path {(peerDistance + peerStatistics) / wholeSeconds:F1}x");
    }

    private static void Sinkhorn(int n, int d)
    {
        var (x, y) = PeerClouds.Pair(n, d);
        // The managed arrays the clouds were made from are garbage now; collect them so the baseline is the runtime and the points.
        GC.Collect(2, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var before = ResidentMegabytes("VmRSS");
        ResetPeak();
        var profile = new SinkhornProfile();
        var clock = Stopwatch.StartNew();
        double value;
        using (var divergence = SinkhornDivergence.Compute(x, y, null, SinkhornCostMatrix.DefaultBlockEntries, profile)) value = divergence.item<double>();
        var seconds = clock.Elapsed.TotalSeconds;
        var peak = ResidentMegabytes("VmHWM");
        var plan = SinkhornCostMatrix.Plan(n, n);
        Console.WriteLine($"sinkhorn n = m = {n}, d = {d}, blur 0.05, scaling 0.9: ScoreProbe {seconds:F1} s, peak resident {peak:F0} MB " +
                          $"({peak - before:F0} MB above the {before:F0} MB before the call); S = {value:R}; MKL_CBWR={ScoreProbe.Neural.Native.NativeLoader.MklBranch}");
        Console.WriteLine($"  ScoreProbe parts: 3 cost builds (GEMMs, the a-a and b-b ones over the upper triangle) {profile.CostSeconds:F1} s, {profile.Sweeps} soft-min sweeps {profile.SweepSeconds:F1} s " +
                          $"({profile.SweepSeconds / profile.Sweeps * 1e3:F0} ms each), {profile.Temperatures} temperatures; " +
                          $"one cost {plan.CostBytes / 1e6:F0} MB in {plan.Blocks} blocks of {plan.BlockBytes / 1e6:F0} MB");
        var peer = PeerProcess.Run("sinkhorn_geomloss.py", "time", n.ToString(), n.ToString(), d.ToString());
        if (peer.Missing is { } why) { Console.WriteLine($"  geomloss: {why}"); return; }
        var record = peer.Record!;
        double peerSeconds = record["seconds"]!.GetValue<double>(), peerPeak = record["peak_rss_mb"]!.GetValue<double>();
        double peerBefore = record["rss_before_mb"]!.GetValue<double>(), peerValue = record["value"]!.GetValue<double>();
        Console.WriteLine($"  geomloss tensorized ({record["threads"]} threads): {peerSeconds:F1} s, peak resident {peerPeak:F0} MB " +
                          $"({peerPeak - peerBefore:F0} MB above the {peerBefore:F0} MB before the call); S = {peerValue:R} (relative difference {Math.Abs(peerValue / value - 1):E2})");
        Console.WriteLine($"  ratio geomloss / ScoreProbe: time {peerSeconds / seconds:F2}x, memory above baseline {(peerPeak - peerBefore) / (peak - before):F2}x");
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }

    /// <summary>Best of at least three timed runs after a warm-up, more (up to 20) while they stay under 3 s in all: the least disturbed by other work.</summary>
    private static (double Seconds, T Value) BestOfThree<T>(Func<T> action)
    {
        var value = action();
        var best = double.PositiveInfinity;
        var spent = Stopwatch.StartNew();
        for (var i = 0; i < 20 && (i < 3 || spent.Elapsed.TotalSeconds < 3); i++)
        {
            var clock = Stopwatch.StartNew();
            value = action();
            best = Math.Min(best, clock.Elapsed.TotalSeconds);
        }
        return (best, value);
    }

    private static string Ms(double seconds) => $"{seconds * 1e3:F1} ms";

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(" ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";

    /// <summary>Linux: writing 5 to clear_refs resets the peak resident set (VmHWM) to the current one.</summary>
    private static void ResetPeak()
    {
        try { File.WriteAllText("/proc/self/clear_refs", "5"); }
        catch (IOException) { }
        catch (UnauthorizedAccessException) { }
    }

    private static double ResidentMegabytes(string field)
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith(field + ":"));
        return line is null ? double.NaN : double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]) / 1024;
    }
}
