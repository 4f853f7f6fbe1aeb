using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// A deterministic affine score error over the evaluation times, <c>e_n(x) = -Delta_n x + delta_n</c> (paper 000 eq. (7)) in the
/// original basis: a network's systematic error (the mean of its fitted coefficients), one member of an ensemble, or one
/// direction of a covariance factor. A null entry is no error at that time.
/// </summary>
public sealed record ErrorTrajectory(IReadOnlyList<SpatialDirection?> Times)
{
    public int Count => Times.Count;

    public static ErrorTrajectory Zero(int times) => new(new SpatialDirection?[times]);

    public ErrorTrajectory Scale(double factor) => new(Times.Select(s => s?.Scale(factor)).ToArray());

    /// <summary>Entry-wise sum; both trajectories cover the same evaluation times.</summary>
    public ErrorTrajectory Plus(ErrorTrajectory other)
    {
        if (other.Count != Count) throw new ArgumentException($"trajectories cover {Count} and {other.Count} times");
        return new(Times.Zip(other.Times, Add).ToArray());
    }

    /// <summary><c>sqrt(sum_n ||Delta_n||_F^2 + ||delta_n||^2)</c>.</summary>
    public double Norm() => Math.Sqrt(Times.Sum(s => s is null ? 0 : Square(s.Delta?.FrobeniusNorm() ?? 0) + (s.Shift?.DotProduct(s.Shift) ?? 0)));

    /// <summary>The entries in the eigenbasis Q of C (see <see cref="SpatialDirection.Rotate"/>).</summary>
    public SpatialDirection?[] InEigenbasis(Matrix<double> q) => Times.Select(s => s?.Rotate(q)).ToArray();

    /// <summary>The trajectory as one error realisation in the eigenbasis, what exact conditional propagation takes.</summary>
    public ErrorDraw ToDraw(Matrix<double> q)
    {
        var rotated = InEigenbasis(q);
        return new ErrorDraw(rotated.Select(s => s?.Delta).ToArray(), rotated.Select(s => s?.Shift).ToArray());
    }

    private static SpatialDirection? Add(SpatialDirection? l, SpatialDirection? r) => (l, r) switch
    {
        (null, _) => r,
        (_, null) => l,
        _ => new SpatialDirection(Sum(l.Delta, r.Delta), Sum(l.Shift, r.Shift)),
    };

    private static Matrix<double>? Sum(Matrix<double>? l, Matrix<double>? r) => l is null ? r : r is null ? l : l + r;

    private static Vector<double>? Sum(Vector<double>? l, Vector<double>? r) => l is null ? r : r is null ? l : l + r;

    private static double Square(double x) => x * x;
}
