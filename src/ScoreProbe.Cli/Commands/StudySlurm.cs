using System.Text;
using ScoreProbe.Core.IO;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// <c>study --emit-slurm DIR</c>: the study as a Slurm job array. Task k of N runs <c>scoreprobe study ... --shard k/N</c>
/// into the shared cache (<c>OUT/cache</c>, which must be on a filesystem every node sees, as must the runs and the data
/// cache); an assemble job that depends on the whole array (<c>afterok</c>) then runs the plain study, which finds every
/// result cached and writes the record. <c>DIR/submit.sh</c> submits both.
/// </summary>
internal static class StudySlurm
{
    public const string ArrayScript = "study-array.sbatch";
    public const string AssembleScript = "assemble.sbatch";
    public const string SubmitScript = "submit.sh";

    /// <summary>Writes the three scripts into <paramref name="directory"/>; returns their paths.</summary>
    /// <param name="directory">Where the scripts go (<c>--emit-slurm</c>).</param>
    /// <param name="executable">How to start this CLI (absolute paths).</param>
    /// <param name="arguments">The study's arguments, from <c>study</c> on, with absolute paths and no worker or Slurm options.</param>
    /// <param name="shards">Array size N.</param>
    /// <param name="logDirectory">Where each task writes its log.</param>
    /// <param name="workingDirectory">The jobs' working directory.</param>
    /// <param name="sbatchOptions">Extra <c>#SBATCH</c> options (e.g. <c>--partition=cpu</c>, <c>--time=04:00:00</c>).</param>
    public static IReadOnlyList<string> Write(string directory, IReadOnlyList<string> executable, IReadOnlyList<string> arguments, int shards,
        string logDirectory, string workingDirectory, IReadOnlyList<string> sbatchOptions)
    {
        Directory.CreateDirectory(directory);
        Directory.CreateDirectory(logDirectory);
        var command = string.Join(' ', executable.Concat(arguments).Select(Quote));
        var header = new StringBuilder()
            .AppendLine("#!/bin/bash")
            .AppendLine($"#SBATCH --chdir={Quote(workingDirectory)}")
            .AppendLine("#SBATCH --ntasks=1")
            .AppendLine("#SBATCH --cpus-per-task=1");
        foreach (var option in sbatchOptions) header.AppendLine($"#SBATCH {option}");

        var array = new StringBuilder(header.ToString())
            .AppendLine("#SBATCH --job-name=scoreprobe-study")
            .AppendLine($"#SBATCH --array=0-{shards - 1}")
            .AppendLine($"#SBATCH --output={Quote(Path.Combine(logDirectory, "shard-%a.log"))}")
            .AppendLine("# One (checkpoint, seed) job in N per task, into the shared cache; one libtorch thread per allocated core.")
            .AppendLine("set -euo pipefail")
            .AppendLine("export SCOREPROBE_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"")
            .AppendLine($"exec {command} --shard \"${{SLURM_ARRAY_TASK_ID}}/{shards}\"");
        var assemble = new StringBuilder(header.ToString())
            .AppendLine("#SBATCH --job-name=scoreprobe-study-assemble")
            .AppendLine($"#SBATCH --output={Quote(Path.Combine(logDirectory, "assemble.log"))}")
            .AppendLine("# Runs after every array task succeeded: finds all results in the cache and writes the record.")
            .AppendLine("set -euo pipefail")
            .AppendLine("export SCOREPROBE_THREADS=\"${SLURM_CPUS_PER_TASK:-1}\"")
            .AppendLine($"exec {command}");
        var submit = new StringBuilder()
            .AppendLine("#!/bin/bash")
            .AppendLine("# Submits the study's job array and the assemble job that waits for it; prints both job ids.")
            .AppendLine("set -euo pipefail")
            .AppendLine("cd \"$(dirname \"${BASH_SOURCE[0]}\")\"")
            .AppendLine($"array=$(sbatch --parsable {ArrayScript})")
            .AppendLine("array=${array%%;*}")
            .AppendLine($"assemble=$(sbatch --parsable --dependency=afterok:${{array}} {AssembleScript})")
            .AppendLine("echo \"array ${array} assemble ${assemble%%;*}\"");

        var paths = new List<string>();
        foreach (var (name, text) in new[] { (ArrayScript, array), (AssembleScript, assemble), (SubmitScript, submit) })
        {
            var path = Path.Combine(directory, name);
            AtomicFile.WriteAllText(path, text.ToString());
            // Slurm runs on Unix; elsewhere the scripts are still written, to be copied to the cluster.
            if (!OperatingSystem.IsWindows())
                File.SetUnixFileMode(path, File.GetUnixFileMode(path) | UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute);
            paths.Add(path);
        }
        return paths;
    }

    /// <summary>Single-quotes a word for bash unless it is plainly safe.</summary>
    public static string Quote(string word) =>
        word.Length > 0 && word.All(c => char.IsAsciiLetterOrDigit(c) || c is '/' or '.' or '-' or '_' or ',' or ':' or '=' or '+')
            ? word
            : $"'{word.Replace("'", "'\\''")}'";
}
