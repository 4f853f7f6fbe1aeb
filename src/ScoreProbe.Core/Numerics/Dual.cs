namespace ScoreProbe.Core.Numerics;

/// <summary>
/// A forward-mode dual number <c>v + t e</c> with <c>e^2 = 0</c>: arithmetic on it carries the derivative <see cref="Tangent"/> of the
/// value along one seeded direction exactly (no step size). The value part of every operation is the plain double operation, so
/// code written on dual numbers computes bit for bit the same values as the same code on doubles; samplers' step coefficients
/// and the grid objective's recursions are written on it.
/// </summary>
public readonly record struct Dual(double Value, double Tangent)
{
    public static implicit operator Dual(double value) => new(value, 0);

    public static Dual operator +(Dual l, Dual r) => new(l.Value + r.Value, l.Tangent + r.Tangent);
    public static Dual operator -(Dual l, Dual r) => new(l.Value - r.Value, l.Tangent - r.Tangent);
    public static Dual operator -(Dual x) => new(-x.Value, -x.Tangent);
    public static Dual operator *(Dual l, Dual r) => new(l.Value * r.Value, l.Tangent * r.Value + l.Value * r.Tangent);
    public static Dual operator /(Dual l, Dual r) => new(l.Value / r.Value, (l.Tangent * r.Value - l.Value * r.Tangent) / (r.Value * r.Value));

    /// <summary>A value with no derivative along the seeded direction.</summary>
    public bool IsConstant => Tangent == 0;

    public static Dual Log(Dual x) => new(Math.Log(x.Value), x.Tangent / x.Value);

    public static Dual Exp(Dual x)
    {
        var e = Math.Exp(x.Value);
        return new Dual(e, e * x.Tangent);
    }

    /// <summary><c>sqrt x</c>; a constant stays constant, also at 0 where the derivative of the root is infinite.</summary>
    public static Dual Sqrt(Dual x)
    {
        var root = Math.Sqrt(x.Value);
        return new Dual(root, x.IsConstant ? 0 : x.Tangent / (2 * root));
    }

    /// <summary><c>|x|</c>, with the derivative of the branch taken (that of +x at 0).</summary>
    public static Dual Abs(Dual x) => x.Value < 0 ? -x : x;

    /// <summary><c>max(x, floor)</c>, with the derivative of the branch taken (0 on the floor).</summary>
    public static Dual Max(Dual x, double floor) => new(Math.Max(x.Value, floor), x.Value >= floor ? x.Tangent : 0);
}
