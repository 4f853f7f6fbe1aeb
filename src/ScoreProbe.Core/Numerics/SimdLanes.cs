using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace ScoreProbe.Core.Numerics;

/// <summary>
/// The few double-precision SIMD operations a hot loop needs, over a vector type <typeparamref name="TV"/>, so that one generic
/// loop compiles (specialised per struct) to the widest registers the processor has: 512-bit where AVX-512 runs natively
/// (<see cref="Lanes512"/>), otherwise <see cref="Vector{T}"/>'s width (<see cref="LanesNative"/>). The BCL keeps its own
/// interface for this (ISimdVector) internal.
/// </summary>
internal interface ISimdLanes<TV> where TV : struct
{
    static abstract int Count { get; }
    static abstract TV Zero { get; }
    static abstract TV Broadcast(double value);
    static abstract TV Load(ref double source);
    static abstract void Store(TV value, ref double destination);
    static abstract TV Add(TV left, TV right);
    static abstract TV Multiply(TV left, TV right);
    static abstract TV Divide(TV left, TV right);

    /// <summary><c>a b + c</c> with one rounding.</summary>
    static abstract TV FusedMultiplyAdd(TV a, TV b, TV c);

    /// <summary>Sum of the lanes in a fixed order.</summary>
    static abstract double Sum(TV value);
}

/// <summary>The lane types: 512-bit (<see cref="Lanes512"/>) where the processor executes AVX-512 natively, else <see cref="LanesNative"/>.</summary>
internal static class SimdLanes
{
    /// <summary>Whether <see cref="Lanes512"/> runs in hardware here.</summary>
    public static bool WideByDefault => Vector512.IsHardwareAccelerated;

    /// <summary>Doubles per vector of <see cref="Lanes512"/> (wide) or <see cref="LanesNative"/>.</summary>
    public static int Count(bool wide) => wide ? Vector512<double>.Count : Vector<double>.Count;
}

internal readonly struct Lanes512 : ISimdLanes<Vector512<double>>
{
    public static int Count => Vector512<double>.Count;
    public static Vector512<double> Zero => Vector512<double>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Broadcast(double value) => Vector512.Create(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Load(ref double source) => Vector512.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector512<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Add(Vector512<double> left, Vector512<double> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Multiply(Vector512<double> left, Vector512<double> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector512<double> Divide(Vector512<double> left, Vector512<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector512<double> FusedMultiplyAdd(Vector512<double> a, Vector512<double> b, Vector512<double> c) => Vector512.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector512<double> value) => Vector512.Sum(value);
}

internal readonly struct LanesNative : ISimdLanes<Vector<double>>
{
    public static int Count => Vector<double>.Count;
    public static Vector<double> Zero => Vector<double>.Zero;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<double> Broadcast(double value) => new(value);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<double> Load(ref double source) => Vector.LoadUnsafe(ref source);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static void Store(Vector<double> value, ref double destination) => value.StoreUnsafe(ref destination);
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<double> Add(Vector<double> left, Vector<double> right) => left + right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<double> Multiply(Vector<double> left, Vector<double> right) => left * right;
    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static Vector<double> Divide(Vector<double> left, Vector<double> right) => left / right;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector<double> FusedMultiplyAdd(Vector<double> a, Vector<double> b, Vector<double> c) => Vector.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)] public static double Sum(Vector<double> value) => Vector.Sum(value);
}
