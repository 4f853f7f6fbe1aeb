using ScoreProbe.Core;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Cli.Commands;

/// <summary>Validated configuration of <c>scoreprobe kernel</c>; recorded verbatim in the result file.</summary>
public sealed record KernelConfig(
    int Dim, double Spectrum, string Schedule, string Sampler, double Alpha, int Steps, string Grid, double TMin,
    string ErrorModel, double Rho, double Eps, string ErrorParts, int Features, int Draws, int Seed, string Reference,
    string Engine, int CurvePoints, double LengthScale = 0.1, string? Target = null)
{
    /// <summary>Largest <c>draws x steps x d^3</c> the Monte Carlo reference is allowed (about ten minutes here).</summary>
    private const double MonteCarloBudget = 2e12;

    public ErrorParts Parts => ErrorParts switch
    {
        "delta" => Core.ErrorModels.ErrorParts.Shift,
        "Delta" => Core.ErrorModels.ErrorParts.Matrix,
        "both" => Core.ErrorModels.ErrorParts.Both,
        _ => throw new InvalidConfigurationException($"--error-parts must be delta, Delta or both (got '{ErrorParts}')"),
    };

    public KernelPath Path => Engine switch
    {
        "auto" => KernelPath.Auto,
        "modes" => KernelPath.Modes,
        "directional" => KernelPath.Directional,
        _ => throw new InvalidConfigurationException($"--engine must be auto, modes or directional (got '{Engine}')"),
    };

    public WassersteinReference ReferenceKind => Reference switch
    {
        "data" => WassersteinReference.Data,
        "marginal" => WassersteinReference.Marginal,
        _ => throw new InvalidConfigurationException($"--reference must be data or marginal (got '{Reference}')"),
    };

    /// <summary><c>custom:t0,t1,...,tK</c>: the grid itself (then --steps and --t-min are ignored).</summary>
    private static TimeGrid CustomGrid(string spec)
    {
        var parts = spec["custom:".Length..].Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var times = new double[parts.Length];
        for (var i = 0; i < parts.Length; i++)
            if (!double.TryParse(parts[i], System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out times[i]))
                throw new InvalidConfigurationException($"--grid custom: '{parts[i]}' is not a number; write custom:t0,t1,...,tK with increasing times");
        return TimeGrid.Custom(times);
    }

    /// <summary>Checks every value and builds the problem and the error model; throws with a one-line fix on bad input.</summary>
    public (ReverseProblem Problem, ScoreErrorModel Errors) Build()
    {
        if (Dim < 1 || Dim > 4096) throw new InvalidConfigurationException($"--dim must lie in [1, 4096] (got {Dim})");
        if (Steps < 1) throw new InvalidConfigurationException($"--steps must be >= 1 (got {Steps})");
        if (Draws != 0 && Draws < 2) throw new InvalidConfigurationException($"--draws must be 0 (prediction only) or >= 2 (got {Draws})");
        if (!(Rho >= -1 && Rho <= 1)) throw new InvalidConfigurationException($"--rho must lie in [-1, 1] (got {Rho})");
        if (!(Eps >= 0)) throw new InvalidConfigurationException($"--eps must be >= 0 (got {Eps})");
        if (Draws > 0 && (double)Draws * Steps * Math.Pow(Dim, 3) > MonteCarloBudget)
            throw new InvalidConfigurationException(
                $"Monte Carlo with --draws {Draws} at --dim {Dim} and --steps {Steps} would take hours; lower --draws or --dim, or pass --draws 0 for the prediction alone");
        var schedule = ScheduleCatalog.Create(Schedule);
        var sampler = SamplerCatalog.Create(Sampler, Alpha);
        var grid = Grid.StartsWith("custom:", StringComparison.Ordinal) ? CustomGrid(Grid) : TimeGrid.Create(Grid, Steps, TMin, schedule.Horizon, schedule);
        var target = Target is null ? GaussianTarget.Spectrum(Dim, Spectrum) : GaussianTargetFile.Read(Target);
        var problem = new ReverseProblem(target, schedule, grid, sampler, ReferenceKind);
        var errors = ScoreErrorModelCatalog.Create(ErrorModel, target.Dimension, problem.EvaluationTimes, Rho, Eps, Parts, Features, Seed, LengthScale);
        return (problem, errors);
    }
}
