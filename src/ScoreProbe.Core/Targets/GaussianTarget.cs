using ScoreProbe.Core.Validation;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Statistics;

namespace ScoreProbe.Core.Targets;

/// <summary>
/// The data distribution <c>p_data = N(mu, C)</c>, C symmetric positive definite. The engine works in the eigenbasis of C
/// (<c>C = Q diag(c) Q^T</c>): the isotropic schedule commutes with C, so every exact-score moment is diagonal there and W2 is
/// rotation invariant.
/// </summary>
public sealed class GaussianTarget
{
    /// <summary>
    /// Largest magnitude of a mean or covariance entry: W2 squares means and the propagation multiplies variances by step
    /// coefficients, so larger entries overflow to inf or NaN instead of giving a number.
    /// </summary>
    public const double MaxEntry = 1e100;

    /// <summary>Largest ratio of the largest to the smallest eigenvalue of C that the eigen-decomposition resolves.</summary>
    public const double MaxCondition = 1e12;

    public GaussianTarget(Vector<double> mean, Matrix<double> covariance)
    {
        CheckEntries("mean", mean.Enumerate(Zeros.AllowSkip));
        CheckEntries("covariance", covariance.Enumerate(Zeros.AllowSkip));
        if (covariance.RowCount != covariance.ColumnCount || covariance.RowCount != mean.Count)
            throw new InvalidConfigurationException($"target mean has {mean.Count} entries but covariance is {covariance.RowCount}x{covariance.ColumnCount}");
        if (!covariance.IsSymmetric() && (covariance - covariance.Transpose()).InfinityNorm() > 1e-12 * covariance.InfinityNorm())
            throw new InvalidConfigurationException("target covariance is not symmetric; pass a symmetric positive definite matrix");
        Guard.AllFinite("target", covariance.AsColumnMajorArray() ?? covariance.ToColumnMajorArray(), "the covariance must be a finite SPD matrix");
        var sym = 0.5 * (covariance + covariance.Transpose());
        var (eig, vectors) = Eigen(sym);
        if (eig.Minimum() <= 0)
            throw new InvalidConfigurationException($"target covariance is not positive definite (smallest eigenvalue {eig.Minimum():G4}); pass an SPD matrix");
        if (eig.Maximum() > MaxCondition * eig.Minimum())
            throw new InvalidConfigurationException("target",
                $"covariance has condition number {eig.Maximum() / eig.Minimum():G4} (eigenvalues {eig.Minimum():G4} to {eig.Maximum():G4}); ScoreProbe resolves at most {MaxCondition:G0}: rescale or drop the near-degenerate directions");
        if (eig.Maximum() > MaximumVariance || eig.Minimum() < 1 / MaximumVariance)
            throw new InvalidConfigurationException("target",
                $"covariance has eigenvalues from {eig.Minimum():G4} to {eig.Maximum():G4}, outside [{1 / MaximumVariance:G0}, {MaximumVariance:G0}] where " +
                "products of two variances stay finite in double precision; rescale the data (W2^2 scales with the square of the unit)");
        Mean = mean;
        Covariance = sym;
        Eigenvalues = eig;
        Eigenvectors = vectors;
        MeanInEigenbasis = Eigenvectors.TransposeThisAndMultiply(mean);
    }

    /// <summary>Largest eigenvalue of C accepted (and the reciprocal of the smallest): the engine multiplies pairs of variances.</summary>
    public const double MaximumVariance = 1e100;

    public int Dimension => Mean.Count;
    public Vector<double> Mean { get; }
    public Matrix<double> Covariance { get; }

    /// <summary>Eigenvalues c_i of C: the diagonal in its own order when C is diagonal, otherwise ascending.</summary>
    public Vector<double> Eigenvalues { get; }

    /// <summary>Orthogonal Q with <c>C = Q diag(c) Q^T</c>.</summary>
    public Matrix<double> Eigenvectors { get; }

    /// <summary><c>Q^T mu</c>.</summary>
    public Vector<double> MeanInEigenbasis { get; }

    private static void CheckEntries(string part, IEnumerable<double> values)
    {
        foreach (var v in values)
            if (!double.IsFinite(v) || Math.Abs(v) > MaxEntry)
                throw new InvalidConfigurationException("target",
                    $"{part} has the entry {Guard.Show(v)}; entries must be finite with magnitude <= {MaxEntry:G0} (rescale the data)");
    }

    /// <summary>Diagonal covariances skip the O(d^3) eigendecomposition: their eigenbasis is the standard one.</summary>
    private static (Vector<double> Values, Matrix<double> Vectors) Eigen(Matrix<double> sym)
    {
        var diagonal = sym.Diagonal();
        if (sym.EnumerateIndexed(Zeros.AllowSkip).All(e => e.Item1 == e.Item2 || e.Item3 == 0))
            return (diagonal, Matrix<double>.Build.DenseIdentity(sym.RowCount));
        // Ascending, the order this basis has always had, so seeded Monte Carlo draws of general targets stay as they were.
        var evd = SymmetricEigen.Of(sym);
        var d = sym.RowCount;
        return (Vector<double>.Build.Dense(d, k => evd.Values[d - 1 - k]), Matrix<double>.Build.Dense(d, d, (i, k) => evd.Vectors[i, d - 1 - k]));
    }

    /// <summary>Largest spectrum power accepted at d = 1 (where every power gives C = 1).</summary>
    private const double MaxSpectrumPower = 16;

    /// <summary>
    /// The paper's anisotropic targets (§8): <c>C = diag(lambda_1..lambda_d)</c>, <c>lambda_i ∝ i^-p</c>, normalised so that tr C = d; mean zero.
    /// </summary>
    public static GaussianTarget Spectrum(int dimension, double power)
    {
        Guard.AtLeast("dim", dimension, 1);
        // d^-p is the smallest eigenvalue relative to the largest: keep it inside the condition number the engine resolves.
        var maxPower = dimension == 1 ? MaxSpectrumPower : Math.Min(MaxSpectrumPower, Math.Log(MaxCondition) / Math.Log(dimension));
        Guard.InRange("spectrum", power, 0, maxPower, $"C = diag(i^-p) at d = {dimension} has condition number d^p, at most {MaxCondition:G0}");
        var lambda = Vector<double>.Build.Dense(dimension, i => Math.Pow(i + 1, -power));
        lambda *= dimension / lambda.Sum();
        return new GaussianTarget(Vector<double>.Build.Dense(dimension), Matrix<double>.Build.DenseOfDiagonalVector(lambda));
    }
}
