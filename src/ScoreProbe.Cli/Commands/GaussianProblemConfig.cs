using ScoreProbe.Core;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// The Gaussian problem as the command line states it (names and numbers, recorded verbatim in result files); <see cref="ToSpec"/>
/// turns it into Core's <see cref="GaussianProblemSpec"/>. <see cref="Grid"/> is null for commands that compare grids themselves.
/// </summary>
public sealed record GaussianProblemConfig(
    int Dim, double Spectrum, string Schedule, string Sampler, double Alpha, int Steps, string? Grid, double TMin,
    string ErrorModel, double Rho, double Eps, string ErrorParts, int Features, int Seed, string Reference, double LengthScale = 0.1,
    string? Target = null)
{
    public GaussianProblemSpec ToSpec() => new()
    {
        Dim = Dim,
        Spectrum = Spectrum,
        Target = Target is null ? null : GaussianTargetFile.Read(Target),
        Schedule = Schedule,
        Sampler = Sampler,
        Alpha = Alpha,
        Steps = Steps,
        Grid = Grid ?? "uniform",
        TMin = TMin,
        Reference = Reference switch
        {
            "data" => WassersteinReference.Data,
            "marginal" => WassersteinReference.Marginal,
            _ => throw new InvalidConfigurationException("reference", $"must be data or marginal (got '{Reference}')"),
        },
        ErrorModel = ErrorModel,
        Rho = Rho,
        Eps = Eps,
        Parts = ErrorParts switch
        {
            "delta" => Core.ErrorModels.ErrorParts.Shift,
            "Delta" => Core.ErrorModels.ErrorParts.Matrix,
            "both" => Core.ErrorModels.ErrorParts.Both,
            _ => throw new InvalidConfigurationException("error-parts", $"must be delta, Delta or both (got '{ErrorParts}')"),
        },
        Features = Features,
        LengthScale = LengthScale,
        Seed = Seed,
    };

    /// <summary>What ran: the dimension of the target actually used (a target file overrides --dim).</summary>
    public GaussianProblemConfig Ran(GaussianProblemSpec spec) => this with { Dim = spec.Dimension };
}
