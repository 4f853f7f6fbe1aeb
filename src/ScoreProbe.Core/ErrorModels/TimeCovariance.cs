using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// The time-time covariance k(a, b) of a scalar score-error coordinate over the m evaluation times, as a sum of independent
/// <see cref="StateSpaceComponent"/>s. It never materialises the m x m matrix unless asked (<see cref="Dense"/>).
/// </summary>
public sealed class TimeCovariance
{
    public TimeCovariance(string name, IReadOnlyList<StateSpaceComponent> components)
    {
        if (components.Count == 0) throw new ArgumentException("a time covariance needs at least one component");
        Name = name;
        Components = components;
    }

    public string Name { get; }
    public IReadOnlyList<StateSpaceComponent> Components { get; }
    public int Length => Components[0].Length;

    public double this[int a, int b] => Components.Sum(c => c.Covariance(a, b));

    public Matrix<double> Dense() => Matrix<double>.Build.Dense(Length, Length, (a, b) => this[a, b]);

    /// <summary>Independent errors with the same marginal variances: the diagonal-in-time reduction of Theorem 5.1.</summary>
    public TimeCovariance DiagonalPart() =>
        new($"{Name}-diagonal", [new StateSpaceComponent(new double[Length], Enumerable.Range(0, Length).Select(n => Math.Sqrt(this[n, n])).ToArray())]);

    /// <summary>One draw of the process.</summary>
    public double[] Sample(Random rng)
    {
        var z = new double[Length];
        foreach (var component in Components) component.SampleInto(rng, z);
        return z;
    }

    /// <summary>Columns of a factor F with <c>k = F F^T</c> (zero columns skipped).</summary>
    public IEnumerable<double[]> FactorColumns() =>
        Components.SelectMany(c => Enumerable.Range(0, c.Length).Select(c.FactorColumn)).OfType<double[]>();
}
