using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// A separable score-error model (DESIGN.md "ITimeCovariance"): <c>Cov(Z_a, Z_b) = k(a, b) (x) S</c> with k a <see cref="TimeCovariance"/>
/// over the evaluation times and S the spatial covariance of <c>(vec Delta, delta)</c>, given either as isotropic
/// (<c>Cov(delta) = ShiftVariance I</c>, <c>Cov(vec Delta) = DeltaEntryVariance I</c>, independent of each other) or as explicit
/// directions <c>S = sum_s v_s v_s^T</c>. An operator, not a matrix: nothing of size m^2 d^2 is formed.
/// </summary>
public sealed class ScoreErrorModel : IScoreErrorModel
{
    private ScoreErrorModel(string name, int dimension, TimeCovariance time, double shiftVariance, double deltaEntryVariance,
        IReadOnlyList<SpatialDirection>? directions)
    {
        Name = name;
        Dimension = dimension;
        Time = time;
        ShiftVariance = shiftVariance;
        DeltaEntryVariance = deltaEntryVariance;
        Directions = directions;
    }

    public string Name { get; }
    public int Dimension { get; }
    public TimeCovariance Time { get; }

    /// <summary>Per-coordinate variance of delta (isotropic models).</summary>
    public double ShiftVariance { get; }

    /// <summary>Per-entry variance of Delta (isotropic models).</summary>
    public double DeltaEntryVariance { get; }

    /// <summary>Explicit spatial directions (original basis); null for isotropic models.</summary>
    public IReadOnlyList<SpatialDirection>? Directions { get; }

    public bool IsIsotropic => Directions is null;
    public bool HasDelta => IsIsotropic ? DeltaEntryVariance > 0 : Directions!.Any(s => s.Delta is not null);
    public bool HasShift => IsIsotropic ? ShiftVariance > 0 : Directions!.Any(s => s.Shift is not null);

    /// <summary>Isotropic model: <c>Cov(delta_a, delta_b) = k(a,b) shiftVariance I</c>, <c>Cov(vec Delta_a, vec Delta_b) = k(a,b) deltaEntryVariance I</c>.</summary>
    public static ScoreErrorModel Isotropic(string name, int dimension, TimeCovariance time, double shiftVariance, double deltaEntryVariance)
    {
        if (!(shiftVariance >= 0) || !(deltaEntryVariance >= 0)) throw new InvalidConfigurationException("error variances must be >= 0");
        return new(name, dimension, time, shiftVariance, deltaEntryVariance, null);
    }

    public static ScoreErrorModel FromDirections(string name, int dimension, TimeCovariance time, IReadOnlyList<SpatialDirection> directions) =>
        new(name, dimension, time, 0, 0, directions);

    public ScoreErrorModel WithTime(TimeCovariance time) => new(Name, Dimension, time, ShiftVariance, DeltaEntryVariance, Directions);

    public int Times => Time.Length;

    public IScoreErrorModel DiagonalInTime() => WithTime(Time.DiagonalPart());

    /// <summary>Spatial direction x factor column of the time covariance, for every pair.</summary>
    public IEnumerable<Func<int, SpatialDirection?>> Perturbations(Matrix<double> q)
    {
        var columns = Time.FactorColumns().ToArray();
        foreach (var direction in DirectionsInEigenbasis(q))
        foreach (var column in columns)
            yield return n => column[n] == 0 ? null : direction.Scale(column[n]);
    }

    public Func<Random, ErrorDraw> Sampler(Matrix<double> q)
    {
        var rotated = IsIsotropic ? [] : DirectionsInEigenbasis(q).ToArray();
        return rng => Sample(rng, rotated);
    }

    /// <summary>
    /// The spatial directions in the eigenbasis Q of C. Isotropic models are rotation invariant, so their directions are the
    /// standard basis scaled by the variances; explicit directions are rotated.
    /// </summary>
    public IEnumerable<SpatialDirection> DirectionsInEigenbasis(Matrix<double> q)
    {
        if (!IsIsotropic)
        {
            foreach (var s in Directions!) yield return s.Rotate(q);
            yield break;
        }
        int d = Dimension;
        if (ShiftVariance > 0)
            for (var i = 0; i < d; i++)
                yield return new SpatialDirection(null, Vector<double>.Build.Dense(d, j => j == i ? Math.Sqrt(ShiftVariance) : 0));
        if (DeltaEntryVariance > 0)
            for (var i = 0; i < d; i++)
            for (var j = 0; j < d; j++)
            {
                var m = Matrix<double>.Build.Dense(d, d);
                m[i, j] = Math.Sqrt(DeltaEntryVariance);
                yield return new SpatialDirection(m, null);
            }
    }

    /// <summary>Expected squared size <c>E||Delta_n||_F^2 + E||delta_n||^2</c> at evaluation time n (eq. (14)).</summary>
    public double MarginalMagnitude(int n)
    {
        var k = Time[n, n];
        if (IsIsotropic) return k * (Dimension * ShiftVariance + Dimension * Dimension * DeltaEntryVariance);
        return k * Directions!.Sum(s => (s.Delta?.FrobeniusNorm() is { } f ? f * f : 0) + (s.Shift?.DotProduct(s.Shift) ?? 0));
    }

    /// <summary>One draw of the whole error trajectory, in the eigenbasis (see <see cref="DirectionsInEigenbasis"/>).</summary>
    public ErrorDraw Sample(Random rng, IReadOnlyList<SpatialDirection> rotatedDirections)
    {
        int m = Time.Length, d = Dimension;
        var delta = new Matrix<double>?[m];
        var shift = new Vector<double>?[m];
        if (IsIsotropic)
        {
            if (ShiftVariance > 0)
                for (var i = 0; i < d; i++)
                    AddCoordinate(rng, Math.Sqrt(ShiftVariance), n => (shift[n] ??= Vector<double>.Build.Dense(d)), (v, x) => v[i] = x);
            if (DeltaEntryVariance > 0)
                for (var i = 0; i < d; i++)
                for (var j = 0; j < d; j++)
                    AddCoordinate(rng, Math.Sqrt(DeltaEntryVariance), n => (delta[n] ??= Matrix<double>.Build.Dense(d, d)), (a, x) => a[i, j] = x);
            return new ErrorDraw(delta, shift);
        }
        foreach (var s in rotatedDirections)
        {
            var z = Time.Sample(rng);
            for (var n = 0; n < m; n++)
            {
                if (s.Delta is not null) (delta[n] ??= Matrix<double>.Build.Dense(d, d)).Add(z[n] * s.Delta, delta[n]);
                if (s.Shift is not null) (shift[n] ??= Vector<double>.Build.Dense(d)).Add(z[n] * s.Shift, shift[n]);
            }
        }
        return new ErrorDraw(delta, shift);
    }

    /// <summary>Draws one coordinate's time process and writes <c>scale z_n</c> into the container of each time n.</summary>
    private void AddCoordinate<T>(Random rng, double scale, Func<int, T> container, Action<T, double> set)
    {
        var z = Time.Sample(rng);
        for (var n = 0; n < z.Length; n++) set(container(n), scale * z[n]);
    }
}
