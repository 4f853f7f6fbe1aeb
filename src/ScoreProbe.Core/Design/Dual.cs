namespace ScoreProbe.Core.Design;

/// <summary>
/// A forward-mode dual number <c>v + t e</c> with <c>e^2 = 0</c>: arithmetic on it carries the derivative <see cref="Tangent"/> of the
/// value along one seeded direction exactly (no step size). The grid objective runs its recursions on it.
/// </summary>
public readonly record struct Dual(double Value, double Tangent)
{
    public static implicit operator Dual(double value) => new(value, 0);

    public static Dual operator +(Dual l, Dual r) => new(l.Value + r.Value, l.Tangent + r.Tangent);
    public static Dual operator -(Dual l, Dual r) => new(l.Value - r.Value, l.Tangent - r.Tangent);
    public static Dual operator -(Dual x) => new(-x.Value, -x.Tangent);
    public static Dual operator *(Dual l, Dual r) => new(l.Value * r.Value, l.Tangent * r.Value + l.Value * r.Tangent);
    public static Dual operator /(Dual l, Dual r) => new(l.Value / r.Value, (l.Tangent * r.Value - l.Value * r.Tangent) / (r.Value * r.Value));

    public static Dual Log(Dual x) => new(Math.Log(x.Value), x.Tangent / x.Value);

    public static Dual Sqrt(Dual x)
    {
        var root = Math.Sqrt(x.Value);
        return new Dual(root, x.Tangent / (2 * root));
    }
}
