using ScoreProbe.Core;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Cli.Commands;

/// <summary>Validated configuration of <c>scoreprobe kernel</c>; recorded verbatim in the result file.</summary>
public sealed record KernelConfig(GaussianProblemConfig Problem, int Draws, string Engine, int CurvePoints)
{
    /// <summary>Largest <c>draws x steps x d^3</c> the Monte Carlo reference is allowed (about ten minutes here).</summary>
    private const double MonteCarloBudget = 2e12;

    public KernelPath Path => Engine switch
    {
        "auto" => KernelPath.Auto,
        "modes" => KernelPath.Modes,
        "directional" => KernelPath.Directional,
        _ => throw new InvalidConfigurationException("engine", $"must be auto, modes or directional (got '{Engine}')"),
    };

    /// <summary>Checks every value and builds the problem and the error model; throws with a one-line fix on bad input.</summary>
    public (ReverseProblem Problem, ScoreErrorModel Errors, KernelConfig Ran) Build()
    {
        if (Draws != 0 && Draws < 2) throw new InvalidConfigurationException("draws", $"must be 0 (prediction only) or >= 2 (got {Draws})");
        _ = Path;
        var spec = Problem.ToSpec();
        var (problem, errors) = spec.Build();
        if (Draws > 0 && (double)Draws * problem.Grid.Steps * Math.Pow(problem.Dimension, 3) > MonteCarloBudget)
            throw new InvalidConfigurationException("draws",
                $"{Draws} Monte Carlo draws at d = {problem.Dimension} and {problem.Grid.Steps} steps would take hours; lower the draws or the dimension, or use 0 draws for the prediction alone");
        return (problem, errors, this with { Problem = Problem.Ran(spec) });
    }
}
