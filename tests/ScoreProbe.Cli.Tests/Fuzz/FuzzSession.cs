using System.Collections.Concurrent;

namespace ScoreProbe.Cli.Tests.Fuzz;

internal enum CaseVerdict { Clean, Fault, ExpectedFault, MarkCanGo }

/// <summary>A finished case: what happened, the broken promise if any, and the known-fault mark that covers it.</summary>
internal sealed record CaseResult(FuzzCase Case, CliRun Run, string? Problem, KnownFault? Mark)
{
    public CaseVerdict Verdict => (Problem, Mark) switch
    {
        (null, null) => CaseVerdict.Clean,
        (null, _) => CaseVerdict.MarkCanGo,
        (_, null) => CaseVerdict.Fault,
        _ => CaseVerdict.ExpectedFault,
    };
}

/// <summary>
/// Plans and runs fuzz cases: every baseline, then every (target, value class) pair of every baseline, each in a fresh
/// case folder that is the process's working folder. Baselines run first; what they wrote seeds the damaged-output classes.
/// </summary>
internal sealed class FuzzSession(FuzzFixtures fixtures, TimeSpan timeout, int jobs, Action<string>? log = null)
{
    /// <summary>How many times the per-case limit a <see cref="Baseline.Slow"/> baseline's cases get.</summary>
    public const int SlowFactor = 5;

    private int _counter;

    public IReadOnlyList<FuzzCommand> Surface { get; } = CommandSurface.Discover();

    public IReadOnlyList<Baseline> Baselines { get; } = FuzzBaselines.For(fixtures);

    public TimeSpan Timeout => timeout;

    /// <summary>Runs <paramref name="cases"/> with <c>jobs</c> processes at a time; with <paramref name="keep"/> the case folders stay (keyed by case id).</summary>
    public IReadOnlyList<(CaseResult Result, string Folder)> Run(IReadOnlyList<FuzzCase> cases, bool keep = false)
    {
        var results = new ConcurrentBag<(int, CaseResult, string)>();
        var done = 0;
        Parallel.ForEach(cases.Select((c, i) => (c, i)), new ParallelOptions { MaxDegreeOfParallelism = jobs }, item =>
        {
            var (fuzzCase, index) = item;
            var folder = Path.Combine(fixtures.Root, "cases", $"{Interlocked.Increment(ref _counter):D5}");
            Directory.CreateDirectory(folder);
            fuzzCase.Prepare(folder);
            var before = FolderSnapshot.Take(folder);
            var limit = fuzzCase.Baseline.Slow ? timeout * SlowFactor : timeout;
            var run = CliProcess.Run(fuzzCase.Args, folder, limit, fixtures.Scratch);
            var problem = ContractCheck.Problem(fuzzCase, run, folder, before, limit);
            var result = new CaseResult(fuzzCase, run, problem, KnownFaults.For(fuzzCase));
            if (!keep) Remove(folder);
            results.Add((index, result, folder));
            log?.Invoke($"[{Interlocked.Increment(ref done)}/{cases.Count}] {result.Verdict} {run.Seconds:F1}s exit {run.ExitCode} {fuzzCase.Id}{(problem is null ? "" : " :: " + problem)}");
        });
        return results.OrderBy(r => r.Item1).Select(r => (r.Item2, r.Item3)).ToList();
    }

    /// <summary>Every case of one baseline; <paramref name="baselineFolder"/> holds what the baseline run wrote.</summary>
    public IEnumerable<FuzzCase> Cases(Baseline baseline, string? baselineFolder)
    {
        var command = CommandOf(baseline);
        var takenOver = Baselines.Where(b => b.Command == baseline.Command && b.TakesOver && b != baseline).SelectMany(b => b.Focus ?? []).ToHashSet();
        var targets = baseline.Focus is { } focus
            ? command.Targets.Where(t => focus.Contains(t.Name))
            : command.Targets.Where(t => !takenOver.Contains(t.Name));
        foreach (var target in targets)
        {
            var context = Context(baseline, command, target, baselineFolder);
            foreach (var valueClass in ValueClasses.All)
                if (valueClass.Make(context) is { } value)
                    yield return FuzzCase.With(baseline, command, target, valueClass, value) with { PathInput = context.Example is not null };
        }
    }

    public FuzzCommand CommandOf(Baseline baseline) => Surface.Single(c => c.Path == baseline.Command);

    private static TargetContext Context(Baseline baseline, FuzzCommand command, FuzzTarget target, string? baselineFolder)
    {
        var value = ArgumentLine.ValueOf(command, baseline.Args, target);
        var example = value is not null && baseline.Copies.TryGetValue(value, out var copied) ? copied
            : value is not null && Path.IsPathRooted(value) && (File.Exists(value) || Directory.Exists(value)) ? value
            : baseline.Examples.GetValueOrDefault(target.Name);
        var output = target.IsOutput && value is not null && baselineFolder is not null && Path.Combine(baselineFolder, value) is var written
            && (File.Exists(written) || Directory.Exists(written)) ? written : null;
        return new TargetContext(target, example, output);
    }

    public static void Remove(string folder)
    {
        ReadOnlyFolder.ReleaseUnder(folder);
        Directory.Delete(folder, recursive: true);
    }
}
