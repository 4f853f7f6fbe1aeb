using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Core.Design;

/// <summary>
/// A score-error model as a function of the sampler's evaluation times, which move with the grid: the grid designer rebuilds it
/// for every candidate grid. The model must be isotropic and separable (<see cref="ScoreErrorModel.IsIsotropic"/>): its time
/// covariance is a sum of <see cref="StateSpaceComponent"/>s whose coefficients may depend on the times (Ornstein–Uhlenbeck) or
/// only on their order (independent, shared, AR(1)).
/// </summary>
public sealed class DesignErrorModel
{
    private readonly Func<IReadOnlyList<double>, ScoreErrorModel> _overTimes;
    private readonly Func<IReadOnlyList<double>, int, (double[] DPhi, double[] DSigma)[]?> _timeDerivative;

    /// <param name="overTimes">Builds the model over the given evaluation times (descending, the sampler's order).</param>
    /// <param name="timeDerivative">Exact derivatives of the components' coefficients with respect to one evaluation time (index), or
    /// null for a model that depends only on the times' order (<see cref="ScoreErrorModelCatalog.TimeDerivative"/>).</param>
    /// <param name="name">The model's name in messages and records.</param>
    public DesignErrorModel(Func<IReadOnlyList<double>, ScoreErrorModel> overTimes,
        Func<IReadOnlyList<double>, int, (double[] DPhi, double[] DSigma)[]?> timeDerivative, string name)
    {
        _overTimes = overTimes;
        _timeDerivative = timeDerivative;
        Name = name;
    }

    public string Name { get; }

    public ScoreErrorModel At(IReadOnlyList<double> evaluationTimes)
    {
        var model = _overTimes(evaluationTimes);
        if (!model.IsIsotropic)
            throw new InvalidConfigurationException("error-model",
                $"grid design contracts isotropic error models (independent, shared, ar1, ou); '{Name}' has explicit spatial directions");
        return model;
    }

    /// <summary>
    /// Exact derivatives of every component's <c>(Phi_n, Sigma_n)</c> with respect to evaluation time <paramref name="moved"/>, or null when the
    /// model does not depend on the times' values (only on their order).
    /// </summary>
    public (double[] DPhi, double[] DSigma)[]? TimeDerivative(IReadOnlyList<double> evaluationTimes, int moved) => _timeDerivative(evaluationTimes, moved);
}
