using System.Diagnostics;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Cli.Tests.Commands;

/// <summary>
/// <c>study --emit-slurm</c> against a real single-node Slurm (Debian's slurm-wlm and munge, installed and started by
/// scripts/start-slurm.sh when no node answers): the job array and the assemble job write the record the
/// <c>--workers</c> study writes, byte for byte outside the timing block. It skips, naming the reason, only when Slurm is
/// not installed and apt cannot reach a Debian mirror (start-slurm.sh exit 77); any other failed start fails it, so a
/// green run means Slurm really ran the shards.
/// </summary>
public sealed class StudySlurmTests : IDisposable
{
    private readonly TempDirectory _dir = new();

    public void Dispose() => _dir.Dispose();

    [SkippableFact]
    public void A_Slurm_job_array_and_its_assemble_job_write_the_record_of_the_worker_study()
    {
        StartSlurm();
        var a = StudyCommandTests.TinyRun(_dir.Path, "default", InitScheme.Default);
        var b = StudyCommandTests.TinyRun(_dir.Path, "zero", InitScheme.ZeroResidual, dimension: 3);
        var workers = _dir.File("workers");
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", workers, "--workers", "2", .. StudyCommandTests.Quick]));

        var slurm = _dir.File("slurm");
        var scripts = _dir.File("scripts");
        Assert.Equal(0, CliApp.Run(["study", "--runs", a, b, "--out", slurm, "--emit-slurm", scripts, "--shards", "3", .. StudyCommandTests.Quick]));
        var array = File.ReadAllText(Path.Combine(scripts, "study-array.sbatch"));
        Assert.Contains("#SBATCH --array=0-2", array);
        Assert.Contains("--shard \"${SLURM_ARRAY_TASK_ID}/3\"", array);
        Assert.False(File.Exists(Path.Combine(slurm, "siem-study.json")), "--emit-slurm writes scripts, it does not evaluate");

        var submitted = Run(Path.Combine(scripts, "submit.sh"), []);
        var ids = submitted.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("array", ids[0]);
        var deadline = DateTime.UtcNow.AddMinutes(8);
        while (Run("squeue", ["-h", "-j", $"{ids[1]},{ids[3]}", "-o", "%i"]).Trim().Length > 0)
        {
            Assert.True(DateTime.UtcNow < deadline, $"the Slurm jobs did not finish within 8 minutes: {Run("squeue", [])}");
            Thread.Sleep(500);
        }
        var record = Path.Combine(slurm, "siem-study.json");
        Assert.True(File.Exists(record), $"the assemble job wrote no record; its log: {ReadLog(slurm, "assemble.log")} {ReadLog(slurm, "shard-0.log")}");
        // Each array task evaluated its share: 2 runs x 3 checkpoints x 2 seeds = 12 jobs over 3 tasks.
        foreach (var k in new[] { 0, 1, 2 })
            Assert.Equal(4, ReadLog(slurm, $"shard-{k}.log").Split('\n').Count(l => l.StartsWith("done: ", StringComparison.Ordinal)));
        Assert.Equal(StudyCommandTests.WithoutTiming(workers), StudyCommandTests.WithoutTiming(slurm));
    }

    private static string ReadLog(string output, string name)
    {
        var path = Path.Combine(output, "logs", name);
        return File.Exists(path) ? File.ReadAllText(path) : $"({name} missing)";
    }

    /// <summary>start-slurm.sh's exit code when the packages are missing and no mirror answers.</summary>
    private const int AptUnreachable = 77;

    private static void StartSlurm()
    {
        var script = Path.Combine(RepositoryRoot(), "scripts", "start-slurm.sh");
        var output = Run("bash", [script], allowFailure: true, out var code);
        Skip.If(code == AptUnreachable, $"Slurm is not installed and apt cannot reach a Debian mirror to install it: {output}");
        Assert.True(code == 0, $"no Slurm node and {script} failed (exit {code}): {output}");
    }

    private static string Run(string file, IReadOnlyList<string> arguments) => Run(file, arguments, allowFailure: false, out _);

    private static string Run(string file, IReadOnlyList<string> arguments, bool allowFailure, out int code)
    {
        var start = new ProcessStartInfo(file) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        code = process.ExitCode;
        if (!allowFailure) Assert.True(code == 0, $"{file} {string.Join(' ', arguments)} exited with {code}: {stdout} {stderr.Result}");
        return stdout + stderr.Result;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "ScoreProbe.slnx"))) return dir.FullName;
        throw new InvalidOperationException("ScoreProbe.slnx not found above " + AppContext.BaseDirectory);
    }
}
