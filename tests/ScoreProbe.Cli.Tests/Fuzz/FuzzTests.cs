using System.Diagnostics;
using Xunit.Abstractions;

namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>
/// The fuzz suite of issue 14: every command and option of the CLI, from a valid baseline, with each value class, run as a
/// child process and checked against the bad-input contract. By default the fast subset runs (<see cref="FastSubset"/>);
/// <c>SCOREPROBE_FUZZ=full</c> runs every case (<c>scripts/fuzz.sh</c> does, and writes the table to docs/fuzz.md).
/// Settings: <c>SCOREPROBE_FUZZ_JOBS</c> (processes at a time, default the core count), <c>SCOREPROBE_FUZZ_TIMEOUT</c>
/// (seconds per case, default 90), <c>SCOREPROBE_FUZZ_TABLE</c> (where the markdown table goes), <c>SCOREPROBE_FUZZ_LOG</c>
/// (one line per finished case), <c>SCOREPROBE_FUZZ_ONLY</c> (run only cases whose id starts with one of these, comma-separated).
/// </summary>
public sealed class FuzzTests(FuzzFixtures fixtures, ITestOutputHelper output) : IClassFixture<FuzzFixtures>
{
    private static string Mode => Environment.GetEnvironmentVariable("SCOREPROBE_FUZZ") is { Length: > 0 } mode ? mode : "fast";

    [Fact]
    public void Every_command_of_the_cli_has_a_baseline_and_every_focus_names_one_of_its_options()
    {
        var surface = CommandSurface.Discover();
        var baselines = FuzzBaselines.For(fixtures);
        var missing = surface.Select(c => c.Path).Except(baselines.Select(b => b.Command)).ToList();
        Assert.True(missing.Count == 0, $"add a baseline to FuzzBaselines for: {string.Join(", ", missing)}");
        foreach (var baseline in baselines)
        {
            var command = Assert.Single(surface, c => c.Path == baseline.Command);
            foreach (var name in baseline.Focus ?? []) Assert.Contains(command.Targets, t => t.Name == name);
        }
        Assert.Contains(surface, c => c.Path == "data mnist");
    }

    [Fact]
    public void Output_options_are_recognised_by_their_parse_time_path_check()
    {
        var surface = CommandSurface.Discover();
        TargetKind Kind(string command, string option) => surface.Single(c => c.Path == command).Option(option)!.Kind;
        Assert.Equal(TargetKind.OutputFile, Kind("spde", "--json"));
        Assert.Equal(TargetKind.OutputFile, Kind("kernel", "--plot"));
        Assert.Equal(TargetKind.OutputFolder, Kind("train", "--out"));
        Assert.Equal(TargetKind.OutputFolder, Kind("experiment", "--out"));
        Assert.Equal(TargetKind.Text, Kind("estimate", "--residuals"));
        Assert.Equal(TargetKind.Number, Kind("spde", "--noise"));
        Assert.Equal(TargetKind.Integer, Kind("spde", "--cells"));
        Assert.Equal(TargetKind.Flag, Kind("train", "--resume"));
        Assert.True(surface.Single(c => c.Path == "study").Option("--runs")!.TakesMany);
    }

    [Fact]
    public void A_fuzzed_value_replaces_the_baseline_value_or_is_appended()
    {
        var spde = CommandSurface.Discover().Single(c => c.Path == "spde");
        string[] baseline = ["--cells", "8", "--json", "spde.json"];
        Assert.Equal(["--json", "spde.json", "--cells", "-1"], ArgumentLine.Replace(spde, baseline, spde.Option("--cells")!, "-1"));
        Assert.Equal(["--cells", "8", "--json", "spde.json", "--noise", "NaN"], ArgumentLine.Replace(spde, baseline, spde.Option("--noise")!, "NaN"));
        Assert.Equal("spde.json", ArgumentLine.ValueOf(spde, baseline, spde.Option("--json")!));
    }

    [Fact]
    public void The_fast_subset_holds_every_pinned_regression_and_a_few_cases_per_baseline()
    {
        // Damaged-output classes need a baseline run and are not in the rotation, so the plan is the same without one.
        var session = new FuzzSession(fixtures, TimeSpan.FromSeconds(1), jobs: 1);
        var plan = session.Baselines.Select(b => (Baseline: b, All: session.Cases(b, null).ToList())).ToList();
        var ids = plan.SelectMany(p => p.All).Select(c => c.Id).ToHashSet();
        Assert.All(FastSubset.Pinned.Where(id => !id.EndsWith("-output", StringComparison.Ordinal)), id => Assert.Contains(id, ids));
        foreach (var (baseline, all) in plan)
        {
            var fast = FastSubset.Select(baseline, all);
            output.WriteLine($"{baseline.Id}: {all.Count} cases, fast {string.Join(", ", fast.Select(c => $"{c.TargetName} {c.ClassName}"))}");
            Assert.InRange(fast.Count, 1, 3 + fast.Count(c => FastSubset.Pinned.Contains(c.Id)));
            Assert.All(fast, c => Assert.Null(KnownFaults.For(c)));
        }
    }

    [Fact]
    public void Every_case_keeps_the_bad_input_contract()
    {
        var full = Mode == "full";
        var jobs = Environment.GetEnvironmentVariable("SCOREPROBE_FUZZ_JOBS") is { } j && int.TryParse(j, out var n) && n > 0 ? n : Environment.ProcessorCount;
        var timeout = TimeSpan.FromSeconds(Environment.GetEnvironmentVariable("SCOREPROBE_FUZZ_TIMEOUT") is { } t && int.TryParse(t, out var s) && s > 0 ? s : 90);
        var only = Environment.GetEnvironmentVariable("SCOREPROBE_FUZZ_ONLY")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var logPath = Environment.GetEnvironmentVariable("SCOREPROBE_FUZZ_LOG");
        var logLock = new object();
        void Log(string line)
        {
            if (logPath is null) return;
            lock (logLock) File.AppendAllText(logPath, line + "\n");
        }
        var session = new FuzzSession(fixtures, timeout, jobs, Log);
        var clock = Stopwatch.StartNew();

        bool Wanted(Baseline b) => only is null || only.Any(o => o.StartsWith(b.Id + " ", StringComparison.Ordinal) || o == b.Id || b.Id.StartsWith(o, StringComparison.Ordinal));
        var baselines = session.Baselines.Where(b => (full || !b.Slow) && Wanted(b)).ToList();
        if (baselines.Any(b => b.Command == "data mnist")) fixtures.EnsureMnist();
        var baselineRuns = session.Run(baselines.Select(FuzzCase.ForBaseline).ToList(), keep: true);
        var broken = baselineRuns.Where(r => r.Result.Problem is not null || r.Result.Run.ExitCode != 0).ToList();
        Assert.True(broken.Count == 0, "baselines must run clean (every case built on a broken baseline would look clean): "
            + string.Join("; ", broken.Select(b => $"{b.Result.Case.CommandLine} -> exit {b.Result.Run.ExitCode} {b.Result.Problem} {ContractCheck.Printable(b.Result.Run.Stderr)}")));

        var cases = new List<FuzzCase>();
        foreach (var (baseline, (_, folder)) in baselines.Zip(baselineRuns))
        {
            var all = session.Cases(baseline, folder).ToList();
            var selected = full ? all : FastSubset.Select(baseline, all);
            cases.AddRange(selected.Where(c => only is null || only.Any(o => c.Id.StartsWith(o, StringComparison.Ordinal))));
        }
        var results = session.Run(cases).Select(r => r.Result).ToList();
        foreach (var (_, folder) in baselineRuns) FuzzSession.Remove(folder);

        var table = FuzzReport.Markdown([.. baselineRuns.Select(r => r.Result), .. results], Mode, clock.Elapsed, jobs, timeout);
        var tablePath = Environment.GetEnvironmentVariable("SCOREPROBE_FUZZ_TABLE") is { Length: > 0 } p ? p : Path.Combine(Path.GetTempPath(), "scoreprobe-fuzz-table.md");
        File.WriteAllText(tablePath, table);
        output.WriteLine(table);

        var faults = results.Where(r => r.Verdict == CaseVerdict.Fault).ToList();
        Assert.True(faults.Count == 0, $"{faults.Count} of {results.Count} cases broke the bad-input contract (table: {tablePath}):\n"
            + string.Join("\n", faults.Select(f => $"{f.Case.Id}: {f.Problem}\n    {f.Case.CommandLine}")));
    }
}
