using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Grids;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// The §8 setting shared by the Gaussian experiments: VP-linear schedule, uniform grid, a spectrum target, isotropic AR(1)
/// errors. Each experiment varies one knob of it.
/// </summary>
public sealed record GaussianSetting(int Dim, double Spectrum, string Sampler, int Steps, double TMin, string ErrorModel, double Rho,
    double Eps, ErrorParts Parts, string Schedule = "vp-linear", double LengthScale = 0.1)
{
    public ReverseProblem Problem()
    {
        var schedule = ScheduleCatalog.Create(Schedule);
        return new ReverseProblem(GaussianTarget.Spectrum(Dim, Spectrum), schedule, TimeGrid.Uniform(Steps, TMin, schedule.Horizon), SamplerCatalog.Create(Sampler));
    }

    public ScoreErrorModel Errors(ReverseProblem problem, int seed) =>
        ScoreErrorModelCatalog.Create(ErrorModel, Dim, problem.EvaluationTimes, Rho, Eps, Parts, seed: seed, lengthScale: LengthScale);

    /// <summary>Prediction and Monte Carlo measurement at the recorded steps.</summary>
    public (KernelRow[] Rows, MonteCarloEstimate[] Measured) PredictAndMeasure(IReadOnlyList<int> recorded, int draws, int seed)
    {
        var problem = Problem();
        var errors = Errors(problem, seed);
        return (KernelExpansion.Predict(problem, errors, recorded), MonteCarloReference.Run(problem, errors, recorded, draws, seed));
    }
}
