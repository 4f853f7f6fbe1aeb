using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Core.Design;

/// <summary>
/// A score-error model as a function of the sampler's evaluation times, which move with the grid: the grid designer rebuilds it
/// for every candidate grid. The model is a sum of independent isotropic separable parts (<see cref="ScoreErrorModel.IsIsotropic"/>),
/// each with its own per-entry variances of Delta and delta and a time covariance that is a sum of <see cref="StateSpaceComponent"/>s
/// whose coefficients may depend on the times (Ornstein–Uhlenbeck, an estimate interpolated in time) or only on their order
/// (independent, shared, AR(1)). The catalog's models are one part; a trained network's estimate has a Delta part and a delta part,
/// whose sizes change differently with time (<see cref="EstimatedErrorProfile"/>).
/// </summary>
public sealed class DesignErrorModel
{
    private readonly IReadOnlyList<Part> _parts;

    /// <param name="overTimes">Builds the model over the given evaluation times (descending, the sampler's order).</param>
    /// <param name="timeDerivative">Exact derivatives of the components' coefficients with respect to one evaluation time (index), or
    /// null for a model that depends only on the times' order (<see cref="ScoreErrorModelCatalog.TimeDerivative"/>).</param>
    /// <param name="name">The model's name in messages and records.</param>
    public DesignErrorModel(Func<IReadOnlyList<double>, ScoreErrorModel> overTimes,
        Func<IReadOnlyList<double>, int, (double[] DPhi, double[] DSigma)[]?> timeDerivative, string name)
        : this([new Part(overTimes, timeDerivative)], name)
    {
    }

    private DesignErrorModel(IReadOnlyList<Part> parts, string name)
    {
        _parts = parts;
        Name = name;
    }

    /// <summary>One independent part of a sum: its model over the evaluation times and its exact time derivative.</summary>
    public sealed record Part(Func<IReadOnlyList<double>, ScoreErrorModel> OverTimes,
        Func<IReadOnlyList<double>, int, (double[] DPhi, double[] DSigma)[]?> TimeDerivative);

    /// <summary>The sum of independent parts (their covariances add, so their kernel terms add).</summary>
    public static DesignErrorModel Sum(string name, IReadOnlyList<Part> parts)
    {
        if (parts.Count == 0) throw new ArgumentException("a sum needs at least one part");
        return new DesignErrorModel(parts, name);
    }

    public string Name { get; }

    /// <summary>Every part over the given evaluation times.</summary>
    public IReadOnlyList<ScoreErrorModel> At(IReadOnlyList<double> evaluationTimes) => _parts.Select(p =>
    {
        var model = p.OverTimes(evaluationTimes);
        if (!model.IsIsotropic)
            throw new InvalidConfigurationException("error-model",
                $"grid design contracts isotropic error models (independent, shared, ar1, ou); '{Name}' has explicit spatial directions");
        return model;
    }).ToArray();

    /// <summary>
    /// Exact derivatives of part <paramref name="part"/>'s components' <c>(Phi_n, Sigma_n)</c> with respect to evaluation time
    /// <paramref name="moved"/>, or null when that part does not depend on the times' values (only on their order).
    /// </summary>
    public (double[] DPhi, double[] DSigma)[]? TimeDerivative(int part, IReadOnlyList<double> evaluationTimes, int moved) =>
        _parts[part].TimeDerivative(evaluationTimes, moved);
}
