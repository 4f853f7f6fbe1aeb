using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using ScoreProbe.Core.Numerics;

namespace ScoreProbe.Core.Kernel;

/// <summary>
/// The hot loop of <see cref="IsotropicModeKernelEngine"/>, O(m d^2): the trackers of the off-diagonal coordinates
/// <c>y_ij</c> (j != i) of eq. (27) (or of <c>sum_j Delta_ij m*_j</c> in eq. (26)) for four modes i and one tile of j (one SIMD
/// vector), walked through every step with the state in registers. Per coordinate and step, with <c>lambda = a_i A_j</c>,
/// forcing <c>c_j</c> and <c>z_n = sigma u_n</c>, <c>u_n = phi u_{n-1} + ...</c>:
/// <list type="bullet">
/// <item><c>s = phi E[y u]</c>, so that <c>E[y z_n] = sigma s</c> before the update;</item>
/// <item><c>E[y^2] &lt;- lambda (lambda E[y^2] + 2 c sigma s) + (c sigma)^2</c>, <c>E[y u] &lt;- lambda s + c sigma</c>;</item>
/// <item>the ride-along diagonal-in-time process (phi = 0, its own sigma rho): <c>E[y^2] &lt;- lambda^2 E[y^2] + (c rho)^2</c>;</item>
/// <item><c>E &lt;- E + W_p s</c>: the share of coordinate j in <c>E dSigma2_ii</c> at the next recorded step (the caller's weights
/// <c>W_p</c> carry the factors <c>-2 beta a_i sD sigma</c> and the products of <c>a_i^2</c> up to that step).</item>
/// </list>
/// At phi = 0 no cross moment survives and <c>E[y^2] &lt;- lambda^2 E[y^2] + (c sigma)^2</c>, <c>E[y u] &lt;- c sigma</c> are exact.
/// The per-step rows (A_j, c sigma, (c sigma)^2, (c rho)^2) are shared by the modes; a tile that holds j = i zeroes that lane's
/// forcing, so its coordinate stays 0 (it has a tracker of its own). Keeping the state in registers instead of streaming d-long
/// tracker rows through the cache each step is what makes the sweep compute-bound.
/// </summary>
internal static class ModeTileSweep
{
    /// <summary>Rows per step in a tile's row buffer: A_j, c_j sigma, (c_j sigma)^2, (c_j rho)^2.</summary>
    public const int Fields = 4;

    /// <summary>Row buffer length for <paramref name="steps"/> steps at <paramref name="lanes"/> doubles per vector.</summary>
    public static int RowLength(int steps, int lanes) => steps * Fields * lanes;

    /// <summary>Writes step p's rows of a tile from <c>A_j</c> and <c>c_j</c>: A, c sigma, (c sigma)^2, (c rho)^2.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void StoreStep<TL, TV>(double[] rows, int p, TV amplification, TV forcing, double sigma, double rideSigma)
        where TL : struct, ISimdLanes<TV> where TV : struct
    {
        var lanes = TL.Count;
        ref var at = ref rows[p * Fields * lanes];
        TV cs = TL.Multiply(forcing, TL.Broadcast(sigma)), cd = TL.Multiply(forcing, TL.Broadcast(rideSigma));
        TL.Store(amplification, ref at);
        TL.Store(cs, ref Unsafe.Add(ref at, lanes));
        TL.Store(TL.Multiply(cs, cs), ref Unsafe.Add(ref at, 2 * lanes));
        TL.Store(TL.Multiply(cd, cd), ref Unsafe.Add(ref at, 3 * lanes));
    }

    /// <summary>
    /// Modes swept together over a tile. Each mode's update is a chain of dependent operations (about 11 cycles per step), so
    /// one or two modes leave the FMA units idle; four independent chains keep them busy.
    /// </summary>
    public const int ModesPerSweep = 4;

    /// <summary>
    /// Runs the trackers of the <see cref="ModesPerSweep"/> modes <paramref name="group"/>[first..] over one tile and adds, at each recorded step,
    /// <c>sum_j w_ij E[y_ij^2]</c> (unit weights when <paramref name="weights"/> is null), the same for the ride-along process, and
    /// the segment sums of <c>E</c> into the modes' accumulators.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)] // inlined into the caller's loop over modes it loses its register allocation
    public static void Sweep<TL, TV>(double[] rows, double[] phi, int steps, int[] slotOfStep, int tileStart, TrackedMode[] group, int first,
        BuresWeightRows[]? weights)
        where TL : struct, ISimdLanes<TV> where TV : struct
    {
        var lanes = TL.Count;
        var modes = group.AsSpan(first, ModesPerSweep);
        if ( rows.Length < RowLength(steps, lanes) || phi.Length < steps || slotOfStep.Length < steps
            || !modes[0].Covers(steps) || !modes[1].Covers(steps) || !modes[2].Covers(steps) || !modes[3].Covers(steps))
            throw new InvalidOperationException("tile inputs shorter than the swept steps");
        var masked = false;
        TV m0 = Mask<TL, TV>(modes[0].Mode - tileStart, ref masked), m1 = Mask<TL, TV>(modes[1].Mode - tileStart, ref masked),
            m2 = Mask<TL, TV>(modes[2].Mode - tileStart, ref masked), m3 = Mask<TL, TV>(modes[3].Mode - tileStart, ref masked);
        State<TV> s0 = new(TL.Zero, TL.Zero, TL.Zero, TL.Zero), s1 = s0, s2 = s0, s3 = s0;
        // Refs instead of indexers (lengths checked above): the per-step scalars are then broadcast straight from memory.
        ref var row = ref MemoryMarshal.GetArrayDataReference(rows);
        ref var phiAt = ref MemoryMarshal.GetArrayDataReference(phi);
        ref var a0 = ref MemoryMarshal.GetArrayDataReference(modes[0].Amplification);
        ref var w0 = ref MemoryMarshal.GetArrayDataReference(modes[0].CrossWeight);
        ref var a1 = ref MemoryMarshal.GetArrayDataReference(modes[1].Amplification);
        ref var w1 = ref MemoryMarshal.GetArrayDataReference(modes[1].CrossWeight);
        ref var a2 = ref MemoryMarshal.GetArrayDataReference(modes[2].Amplification);
        ref var w2 = ref MemoryMarshal.GetArrayDataReference(modes[2].CrossWeight);
        ref var a3 = ref MemoryMarshal.GetArrayDataReference(modes[3].Amplification);
        ref var w3 = ref MemoryMarshal.GetArrayDataReference(modes[3].CrossWeight);
        for (var p = 0; p < steps; p++)
        {
            ref var at = ref Unsafe.Add(ref row, p * Fields * lanes);
            TV a = TL.Load(ref at), cs = TL.Load(ref Unsafe.Add(ref at, lanes)),
                cs2 = TL.Load(ref Unsafe.Add(ref at, 2 * lanes)), cd2 = TL.Load(ref Unsafe.Add(ref at, 3 * lanes));
            var ph = Unsafe.Add(ref phiAt, p);
            var fresh = ph == 0;
            var phV = TL.Broadcast(ph);
            if (masked)
            {
                s0 = Step<TL, TV>(s0, TL.Broadcast(Unsafe.Add(ref a0, p)), TL.Broadcast(Unsafe.Add(ref w0, p)), a, TL.Multiply(cs, m0), TL.Multiply(cs2, m0), TL.Multiply(cd2, m0), phV, fresh);
                s1 = Step<TL, TV>(s1, TL.Broadcast(Unsafe.Add(ref a1, p)), TL.Broadcast(Unsafe.Add(ref w1, p)), a, TL.Multiply(cs, m1), TL.Multiply(cs2, m1), TL.Multiply(cd2, m1), phV, fresh);
                s2 = Step<TL, TV>(s2, TL.Broadcast(Unsafe.Add(ref a2, p)), TL.Broadcast(Unsafe.Add(ref w2, p)), a, TL.Multiply(cs, m2), TL.Multiply(cs2, m2), TL.Multiply(cd2, m2), phV, fresh);
                s3 = Step<TL, TV>(s3, TL.Broadcast(Unsafe.Add(ref a3, p)), TL.Broadcast(Unsafe.Add(ref w3, p)), a, TL.Multiply(cs, m3), TL.Multiply(cs2, m3), TL.Multiply(cd2, m3), phV, fresh);
            }
            else
            {
                s0 = Step<TL, TV>(s0, TL.Broadcast(Unsafe.Add(ref a0, p)), TL.Broadcast(Unsafe.Add(ref w0, p)), a, cs, cs2, cd2, phV, fresh);
                s1 = Step<TL, TV>(s1, TL.Broadcast(Unsafe.Add(ref a1, p)), TL.Broadcast(Unsafe.Add(ref w1, p)), a, cs, cs2, cd2, phV, fresh);
                s2 = Step<TL, TV>(s2, TL.Broadcast(Unsafe.Add(ref a2, p)), TL.Broadcast(Unsafe.Add(ref w2, p)), a, cs, cs2, cd2, phV, fresh);
                s3 = Step<TL, TV>(s3, TL.Broadcast(Unsafe.Add(ref a3, p)), TL.Broadcast(Unsafe.Add(ref w3, p)), a, cs, cs2, cd2, phV, fresh);
            }
            var slot = slotOfStep[p];
            if (slot < 0) continue;
            var w = weights?[slot];
            s0 = Flush<TL, TV>(s0, modes[0], slot, w, tileStart);
            s1 = Flush<TL, TV>(s1, modes[1], slot, w, tileStart);
            s2 = Flush<TL, TV>(s2, modes[2], slot, w, tileStart);
            s3 = Flush<TL, TV>(s3, modes[3], slot, w, tileStart);
        }
    }

    /// <summary>Second moments of one mode's tile: <c>E[y^2]</c>, <c>E[y u]</c>, the ride-along <c>E[y^2]</c>, and the running <c>E</c>.</summary>
    private readonly record struct State<TV>(TV Square, TV Cross, TV RideSquare, TV Second) where TV : struct;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static State<TV> Step<TL, TV>(State<TV> s, TV ai, TV crossWeight, TV a, TV cs, TV cs2, TV cd2, TV phi, bool fresh)
        where TL : struct, ISimdLanes<TV> where TV : struct
    {
        var l = TL.Multiply(ai, a);
        var l2 = TL.Multiply(l, l);
        var ride = TL.FusedMultiplyAdd(l2, s.RideSquare, cd2);
        if (fresh) return new(TL.FusedMultiplyAdd(l2, s.Square, cs2), cs, ride, s.Second);
        var shifted = TL.Multiply(s.Cross, phi);
        return new(TL.FusedMultiplyAdd(l, TL.FusedMultiplyAdd(TL.Add(cs, cs), shifted, TL.Multiply(l, s.Square)), cs2),
            TL.FusedMultiplyAdd(l, shifted, cs), ride, TL.FusedMultiplyAdd(crossWeight, shifted, s.Second));
    }

    private static State<TV> Flush<TL, TV>(State<TV> s, TrackedMode mode, int slot, BuresWeightRows? weights, int tileStart)
        where TL : struct, ISimdLanes<TV> where TV : struct
    {
        if (weights is null)
        {
            mode.Square[slot] += TL.Sum(s.Square);
            mode.RideSquare[slot] += TL.Sum(s.RideSquare);
        }
        else
        {
            var w = weights.Weights<TL, TV>(mode.Mode, tileStart);
            mode.Square[slot] += TL.Sum(TL.Multiply(w, s.Square));
            mode.RideSquare[slot] += TL.Sum(TL.Multiply(w, s.RideSquare));
        }
        mode.Second[slot] += TL.Sum(s.Second);
        return s with { Second = TL.Zero };
    }

    /// <summary>Ones with a zero in <paramref name="lane"/> (and <paramref name="masked"/> set), or all ones when the lane is outside the tile.</summary>
    private static TV Mask<TL, TV>(int lane, ref bool masked) where TL : struct, ISimdLanes<TV> where TV : struct
    {
        if (lane < 0 || lane >= TL.Count) return TL.Broadcast(1);
        masked = true;
        Span<double> ones = stackalloc double[TL.Count];
        ones.Fill(1.0);
        ones[lane] = 0;
        return TL.Load(ref ones[0]);
    }
}

/// <summary>
/// One mode's inputs to <see cref="ModeTileSweep.Sweep{TL, TV}"/> (its amplification a_i and cross weight W_p per step) and its
/// accumulators per recorded slot, summed over the tiles in tile order.
/// </summary>
internal sealed class TrackedMode(int mode, double[] amplification, double[] crossWeight, int slots)
{
    public int Mode { get; } = mode;
    public double[] Amplification { get; } = amplification;
    public double[] CrossWeight { get; } = crossWeight;

    public bool Covers(int steps) => Amplification.Length >= steps && CrossWeight.Length >= steps;

    /// <summary>The same mode with accumulators of its own (a filler whose sums are dropped).</summary>
    public TrackedMode Copy() => new(Mode, Amplification, CrossWeight, Square.Length);

    /// <summary><c>sum_{j != i} w_ij E[y_ij^2]</c> per slot.</summary>
    public double[] Square { get; } = new double[slots];

    /// <summary>The same for the ride-along diagonal-in-time process.</summary>
    public double[] RideSquare { get; } = new double[slots];

    /// <summary><c>sum_j E_ij</c> over the steps since the previous recorded one, per slot.</summary>
    public double[] Second { get; } = new double[slots];
}

/// <summary>
/// The commuting Bures weights <c>w_ij = sqrt(c_i c_j) / (sqrt(s_i s_j) (sqrt(c_i s_i) + sqrt(c_j s_j)))</c> at one recorded step,
/// from rows padded to whole vectors (padding gives w = 0).
/// </summary>
internal sealed class BuresWeightRows
{
    private readonly double[] _sqrtC, _sqrtS, _sqrtCs;

    public BuresWeightRows(double[] sqrtC, double[] sqrtS, double[] sqrtCs, int lanes)
    {
        var padded = (sqrtC.Length + lanes - 1) / lanes * lanes;
        (_sqrtC, _sqrtS, _sqrtCs) = (new double[padded], new double[padded], new double[padded]);
        Array.Fill(_sqrtS, 1.0);
        Array.Fill(_sqrtCs, 1.0);
        sqrtC.CopyTo(_sqrtC, 0);
        sqrtS.CopyTo(_sqrtS, 0);
        sqrtCs.CopyTo(_sqrtCs, 0);
    }

    /// <summary>w_ij for j in the tile starting at <paramref name="tileStart"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public TV Weights<TL, TV>(int i, int tileStart) where TL : struct, ISimdLanes<TV> where TV : struct =>
        TL.Divide(TL.Multiply(TL.Broadcast(_sqrtC[i]), TL.Load(ref _sqrtC[tileStart])),
            TL.Multiply(TL.Multiply(TL.Broadcast(_sqrtS[i]), TL.Load(ref _sqrtS[tileStart])), TL.Add(TL.Broadcast(_sqrtCs[i]), TL.Load(ref _sqrtCs[tileStart]))));
}
