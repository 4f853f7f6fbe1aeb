namespace ScoreProbe.Cli.Tests.Fuzz;

/// <summary>
/// A minimal, fast, valid invocation of one command (exit 0 in seconds), which each fuzz case changes in one place.
/// Outputs are relative paths: the case folder is the working folder, so whatever a run writes lands there.
/// </summary>
/// <param name="Command">The command's words, e.g. <c>data mnist</c>.</param>
/// <param name="Args">Everything after the command's words.</param>
internal sealed record Baseline(string Command, string[] Args)
{
    /// <summary>Empty for a command's main baseline; a name for a further one (estimate's synthesis mode, train's resume).</summary>
    public string Variant { get; init; } = "";

    /// <summary>Targets fuzzed from this baseline; null means every target of the command (main baselines).</summary>
    public string[]? Focus { get; init; }

    /// <summary>The focus targets are fuzzed only from this baseline, not from the main one (they mean nothing there).</summary>
    public bool TakesOver { get; init; }

    /// <summary>Fixture folders copied into the case folder before the run, by the relative name the arguments use.</summary>
    public Dictionary<string, string> Copies { get; init; } = [];

    /// <summary>Valid inputs for targets the baseline leaves unset, so that their truncated-file case has something to damage.</summary>
    public Dictionary<string, string> Examples { get; init; } = [];

    /// <summary>Runs for minutes: its cases get <see cref="FuzzSession.SlowFactor"/> times the time limit, and in the fast subset only its output-path cases (rejected while parsing) run.</summary>
    public bool Slow { get; init; }

    public string Id => Variant.Length == 0 ? Command : $"{Command}[{Variant}]";
}

/// <summary>
/// One baseline per command. A command added to <see cref="CliApp.BuildRoot"/> later needs one entry here (the surface
/// test says which); its options are then fuzzed automatically.
/// </summary>
internal static class FuzzBaselines
{
    public static IReadOnlyList<Baseline> For(FuzzFixtures f) =>
    [
        new("demo", ["--out", "demo"]) { Slow = true },
        new("kernel", ["--dim", "2", "--steps", "10", "--draws", "20", "--curve-points", "2", "--json", "kernel.json"])
        {
            Examples = { ["--target"] = f.Target },
        },
        new("experiment", ["tightness", "--quick", "--out", "experiments"]),
        new("report", ["records"]) { Copies = { ["records"] = f.Records } },
        new("data mnist", ["--json", "mnist.json"]) { Slow = true },
        new("data emoji", ["--json", "emoji.json"]) { Slow = true },
        new("train", [.. FuzzFixtures.TrainOptions, "--out", "run"]),
        new("train", [.. FuzzFixtures.TrainOptions, "--out", "run", "--resume"])
        {
            Variant = "resume", Focus = ["--out", "--resume", "--steps", "--checkpoints"], Copies = { ["run"] = f.Run },
        },
        new("sample", ["--checkpoint", f.Checkpoint, "--n", "4", "--sampler", "ddim", "--steps", "5", "--csv", "samples.csv", "--json", "sample.json"]),
        new("sample", ["--checkpoint", f.Checkpoint, "--n", "4", "--sampler", "ddim", "--timesteps", "999,500,0", "--csv", "samples.csv"])
        {
            Variant = "timesteps", Focus = ["--timesteps"], TakesOver = true,
        },
        new("model-info", ["--model", "mlp"]),
        new("spde", ["--cells", "8", "--realisations", "2", "--record-points", "6", "--json", "spde.json", "--csv", "spde.csv"]),
        new("estimate", ["--residuals", f.ResidualsCsv, "--bootstrap", "10", "--predict-sampler", "em", "--json", "estimate.json"]),
        new("estimate", ["--synthesize", "residuals.csv", "--times", "3", "--reps", "4", "--batch", "4", "--dim", "1"])
        {
            Variant = "synthesize", Focus = ["--synthesize", "--times", "--reps", "--batch", "--dim", "--rho"], TakesOver = true,
        },
        new("siem", ["--checkpoint", f.Checkpoint, "--ratio", "exact", "--stride", "20", "--stride-first", "10", "--n", "16", "--json", "siem.json"]),
        new("fid", ["--checkpoint", f.Checkpoint, "--features", "pixels", "--n", "16", "--json", "fid.json"]),
        new("w2", ["--checkpoint", f.Checkpoint, "--n", "16", "--json", "w2.json"]),
        new("design-grid", ["--dim", "2", "--steps", "4", "--sampler", "ddim", "--draws", "20", "--starts", "0", "--json", "design.json"])
        {
            Examples = { ["--target"] = f.Target },
        },
        new("design-grid", ["--checkpoint", f.Checkpoint, "--steps", "3", "--knots", "4", "--reps", "2", "--batch", "8", "--n", "16", "--bootstrap", "10",
            "--starts", "0", "--json", "design.json"])
        {
            Variant = "checkpoint", Focus = ["--checkpoint", "--knots", "--n", "--reps", "--batch", "--bootstrap"], TakesOver = true,
        },
        new("export", ["--checkpoint", "model", "--out", "exported"]) { Copies = { ["model"] = FuzzFixtures.DiffusersModel } },
        new("residuals", ["--checkpoint", f.Checkpoint, "--sampler", "ddim", "--steps", "4", "--reps", "2", "--batch", "8", "--out", "residuals.csv", "--json", "residuals.json"]),
        new("predict", ["--checkpoint", f.Checkpoint, "--sampler", "ddim", "--steps", "4", "--reps", "2", "--batch", "8", "--n", "32", "--bootstrap", "10", "--json", "predict.json"]),
        new("predict", ["--checkpoint", f.Checkpoint, "--sampler", "ddim", "--timesteps", "999,500,0", "--reps", "2", "--batch", "8", "--n", "32", "--bootstrap", "10", "--json", "predict.json"])
        {
            Variant = "timesteps", Focus = ["--timesteps"], TakesOver = true,
        },
        new("study", ["--runs", f.Run, "--out", "study", "--n", "16", "--seeds", "1", "--ratio", "exact", "--features", "pixels", "--stride", "20", "--stride-first", "10"]),
    ];
}
