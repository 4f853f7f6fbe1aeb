using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>One realisation of the error coefficients <c>(Delta_n, delta_n)</c> at every evaluation time n (eigenbasis); null parts are zero.</summary>
public sealed record ErrorDraw(Matrix<double>?[] Delta, Vector<double>?[] Shift)
{
    /// <summary>The antithetic draw <c>(-Delta, -delta)</c>: it cancels the odd orders of the Monte Carlo estimate.</summary>
    public ErrorDraw Negate() => new(Delta.Select(m => m is null ? null : -m).ToArray(), Shift.Select(v => v is null ? null : -v).ToArray());

    /// <summary>The realisation shifted by a deterministic error (both in the eigenbasis, same evaluation times).</summary>
    public ErrorDraw Plus(ErrorDraw other) => new(
        Delta.Zip(other.Delta, (l, r) => l is null ? r : r is null ? l : l + r).ToArray(),
        Shift.Zip(other.Shift, (l, r) => l is null ? r : r is null ? l : l + r).ToArray());
}
