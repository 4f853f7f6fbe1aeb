using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Problems;
using ScoreProbe.Core.Propagation;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// The §8 setting shared by the Gaussian experiments: VP-linear schedule, uniform grid, a spectrum target, isotropic AR(1)
/// errors. Each experiment varies one knob of it; <see cref="Spec"/> builds it.
/// </summary>
public sealed record GaussianSetting(int Dim, double Spectrum, string Sampler, int Steps, double TMin, string ErrorModel, double Rho,
    double Eps, ErrorParts Parts, string Schedule = "vp-linear", double LengthScale = 0.1)
{
    public GaussianProblemSpec Spec(int seed = 0) => new()
    {
        Dim = Dim, Spectrum = Spectrum, Sampler = Sampler, Steps = Steps, TMin = TMin, ErrorModel = ErrorModel, Rho = Rho, Eps = Eps,
        Parts = Parts, Schedule = Schedule, LengthScale = LengthScale, Seed = seed,
    };

    public ReverseProblem Problem() => Spec().Problem();

    public ScoreErrorModel Errors(ReverseProblem problem, int seed) => Spec(seed).Errors(problem);

    /// <summary>Prediction and Monte Carlo measurement at the recorded steps.</summary>
    public (KernelRow[] Rows, MonteCarloEstimate[] Measured) PredictAndMeasure(IReadOnlyList<int> recorded, int draws, int seed)
    {
        var (problem, errors) = Spec(seed).Build();
        return (KernelExpansion.Predict(problem, errors, recorded), MonteCarloReference.Run(problem, errors, recorded, draws, seed));
    }
}
