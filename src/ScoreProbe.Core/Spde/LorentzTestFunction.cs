using MathNet.Numerics;

namespace ScoreProbe.Core.Spde;

/// <summary>
/// The radial Lorentz test function of paper 004 §6,
/// <c>phi(x) = Gamma((1 + d)/2) / (pi^((d+1)/2) eps^(d/2)) (1 + |x|^2 / eps)^(-(d+1)/2)</c>, a probability density (the
/// d-dimensional Cauchy law of scale sqrt(eps)), with <c>grad phi(x) = -(d + 1) x / (eps + |x|^2) phi(x)</c>.
/// </summary>
public sealed class LorentzTestFunction
{
    private readonly double _normalisation;

    public LorentzTestFunction(int dim, double eps)
    {
        if (dim < 1) throw new ArgumentOutOfRangeException(nameof(dim), dim, "the dimension must be >= 1.");
        if (!(eps > 0) || !double.IsFinite(eps)) throw new ArgumentOutOfRangeException(nameof(eps), eps, "eps must be positive and finite.");
        Dim = dim;
        Eps = eps;
        _normalisation = Math.Exp(SpecialFunctions.GammaLn((1 + dim) / 2.0)) / (Math.Pow(Math.PI, (dim + 1) / 2.0) * Math.Pow(eps, dim / 2.0));
    }

    public int Dim { get; }

    public double Eps { get; }

    public double Value(ReadOnlySpan<double> x) => _normalisation * Math.Pow(1 + SquaredNorm(x) / Eps, -(Dim + 1) / 2.0);

    /// <summary>The Lorentz weight of §6, <c>x_axis / (eps + |x|^2)</c>: <c>grad phi = -(d + 1) phi</c> times it.</summary>
    public double Weight(ReadOnlySpan<double> x, int axis) => x[axis] / (Eps + SquaredNorm(x));

    /// <summary><c>d phi / d x_axis = -(d + 1) x_axis / (eps + |x|^2) phi(x)</c>.</summary>
    public double Gradient(ReadOnlySpan<double> x, int axis) => -(Dim + 1) * Weight(x, axis) * Value(x);

    private static double SquaredNorm(ReadOnlySpan<double> x)
    {
        var total = 0.0;
        foreach (var v in x) total += v * v;
        return total;
    }
}
