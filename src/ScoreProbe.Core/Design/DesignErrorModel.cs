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
    private bool? _dependsOnTimes;

    /// <param name="overTimes">Builds the model over the given evaluation times (descending, the sampler's order).</param>
    /// <param name="name">The model's name in messages and records.</param>
    public DesignErrorModel(Func<IReadOnlyList<double>, ScoreErrorModel> overTimes, string name)
    {
        _overTimes = overTimes;
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

    /// <summary>Whether moving the times (each by its own amount) changes the model: the models of the catalog either always or never do.</summary>
    private bool DependsOnTimes(ScoreErrorModel baseModel, IReadOnlyList<double> evaluationTimes, double width)
    {
        var probe = At(evaluationTimes.Select((t, n) => t + width * (n + 1) / evaluationTimes.Count).ToArray());
        for (var c = 0; c < baseModel.Time.Components.Count; c++)
            if (!baseModel.Time.Components[c].Phi.SequenceEqual(probe.Time.Components[c].Phi)
                || !baseModel.Time.Components[c].Sigma.SequenceEqual(probe.Time.Components[c].Sigma))
                return true;
        return false;
    }

    /// <summary>
    /// Derivatives of every component's <c>(Phi_n, Sigma_n)</c> with respect to evaluation time <paramref name="moved"/>, or null when the
    /// model does not depend on the times' values (only on their order). Time-dependent models are differentiated with
    /// <see cref="LocalDerivative"/> (<paramref name="width"/>).
    /// </summary>
    public (double[] DPhi, double[] DSigma)[]? TimeDerivative(IReadOnlyList<double> evaluationTimes, int moved, double width)
    {
        var baseModel = At(evaluationTimes);
        _dependsOnTimes ??= DependsOnTimes(baseModel, evaluationTimes, width);
        if (_dependsOnTimes == false) return null;
        var components = baseModel.Time.Components.Count;
        double[] Packed(double t)
        {
            var times = evaluationTimes.ToArray();
            times[moved] = t;
            return At(times).Time.Components.SelectMany(c => c.Phi.Concat(c.Sigma)).ToArray();
        }
        var derivative = LocalDerivative.Of(Packed, evaluationTimes[moved], width);
        var m = evaluationTimes.Count;
        return Enumerable.Range(0, components)
            .Select(c => (derivative.AsSpan(2 * m * c, m).ToArray(), derivative.AsSpan(2 * m * c + m, m).ToArray())).ToArray();
    }
}
