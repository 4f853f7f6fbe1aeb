using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Problems;

/// <summary>
/// The Gaussian-linear problem of paper 000 by its named settings: target (a §8 spectrum or a given N(mu, C)), schedule, sampler,
/// grid and score-error model. The one place that turns these settings into a <see cref="ReverseProblem"/> and its
/// <see cref="ScoreErrorModel"/>; every check names the setting (kebab-case), never a command-line flag.
/// </summary>
public sealed record GaussianProblemSpec
{
    /// <summary>Largest dimension d accepted: the kernel engines hold d x d blocks per step (4096^2 doubles = 128 MiB).</summary>
    public const int MaxDimension = 4096;

    /// <summary>Dimension d of the spectrum target (ignored when <see cref="Target"/> is given).</summary>
    public int Dim { get; init; } = 8;

    /// <summary>Spectrum power p of the §8 target <c>C = diag(i^-p)</c>, tr C = d (ignored when <see cref="Target"/> is given).</summary>
    public double Spectrum { get; init; } = 1;

    /// <summary>A general target N(mu, C); null for the spectrum target.</summary>
    public GaussianTarget? Target { get; init; }

    public string Schedule { get; init; } = "vp-linear";
    public string Sampler { get; init; } = "em";

    /// <summary>Noise level of the alpha sampler family (sampler "alpha" only).</summary>
    public double Alpha { get; init; } = 1;

    public int Steps { get; init; } = 100;

    /// <summary>A grid family of <see cref="TimeGrid.Families"/> or <c>custom:t0,...,tK</c>.</summary>
    public string Grid { get; init; } = "uniform";

    public double TMin { get; init; } = 1e-3;
    public WassersteinReference Reference { get; init; } = WassersteinReference.Data;

    /// <summary>An error model of <see cref="ScoreErrorModelCatalog.Names"/>.</summary>
    public string ErrorModel { get; init; } = "ar1";

    public double Rho { get; init; } = 0.9;
    public double Eps { get; init; } = 0.1;
    public ErrorParts Parts { get; init; } = ErrorParts.Both;

    /// <summary>Random features r of the random-features model (0 = max(2, d/2)).</summary>
    public int Features { get; init; }

    /// <summary>Correlation length of the ou model in diffusion time.</summary>
    public double LengthScale { get; init; } = 0.1;

    /// <summary>Seed of the random-feature embedding.</summary>
    public int Seed { get; init; }

    /// <summary>The dimension that runs: the given target's, else <see cref="Dim"/>.</summary>
    public int Dimension => Target?.Dimension ?? Dim;

    public GaussianTarget BuildTarget()
    {
        if (Target is { } given)
        {
            Guard.InRange("target", given.Dimension, 1, MaxDimension, "the target's dimension is limited by the kernel engines' d x d blocks per step");
            return given;
        }
        Guard.InRange("dim", Dim, 1, MaxDimension);
        return GaussianTarget.Spectrum(Dim, Spectrum);
    }

    public IDiffusionSchedule BuildSchedule() => ScheduleCatalog.Create(Schedule);
    /// <summary>The sampler; alpha is checked whatever the sampler, since every record carries it.</summary>
    public IReverseSampler BuildSampler() => SamplerCatalog.Create(Sampler, Guard.NonNegative("alpha", Alpha));
    public TimeGrid BuildGrid(IDiffusionSchedule schedule) => TimeGrid.Parse(Grid, Steps, TMin, schedule);

    /// <summary>The problem on the spec's grid, or on <paramref name="grid"/> when given.</summary>
    public ReverseProblem Problem(TimeGrid? grid = null)
    {
        var schedule = BuildSchedule();
        return new ReverseProblem(BuildTarget(), schedule, grid ?? BuildGrid(schedule), BuildSampler(), Reference);
    }

    /// <summary>The error model over <paramref name="problem"/>'s evaluation times.</summary>
    public ScoreErrorModel Errors(ReverseProblem problem) => ErrorsAt(problem.EvaluationTimes, problem.Dimension);

    /// <summary>The error model over the given score-evaluation times (in the sampler's order, from T down).</summary>
    public ScoreErrorModel ErrorsAt(IReadOnlyList<double> evaluationTimes) => ErrorsAt(evaluationTimes, Dimension);

    private ScoreErrorModel ErrorsAt(IReadOnlyList<double> evaluationTimes, int dimension)
    {
        Guard.InRange("rho", Rho, -1, 1);
        Guard.AtLeast("features", Features, 0);
        return ScoreErrorModelCatalog.Create(ErrorModel, dimension, evaluationTimes, Rho, Eps, Parts, Features, Seed, LengthScale);
    }

    /// <summary>Checks every setting and builds problem and error model; throws <see cref="InvalidConfigurationException"/> on bad input.</summary>
    public (ReverseProblem Problem, ScoreErrorModel Errors) Build()
    {
        var problem = Problem();
        return (problem, Errors(problem));
    }
}
