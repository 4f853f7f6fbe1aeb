using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>Sample covariance of the rows of a data matrix with the unbiased 1/(R - 1) normalisation (paper 000 §7, Sigma_hat_ab).</summary>
public static class EmpiricalCovariance
{
    public static Matrix<double> Of(Matrix<double> samples)
    {
        var r = samples.RowCount;
        if (r < 2) throw new ArgumentException($"a covariance needs at least 2 repetitions (got {r}).");
        var mean = samples.ColumnSums() / r;
        var centred = samples - Matrix<double>.Build.Dense(r, samples.ColumnCount, (_, c) => mean[c]);
        return centred.TransposeThisAndMultiply(centred) / (r - 1);
    }

    /// <summary>The covariance of the selected rows (repeats allowed, as in a bootstrap resample).</summary>
    public static Matrix<double> Of(Matrix<double> samples, IReadOnlyList<int> rows) => Of(Select(samples, rows));

    public static Matrix<double> Select(Matrix<double> samples, IReadOnlyList<int> rows) =>
        Matrix<double>.Build.Dense(rows.Count, samples.ColumnCount, (i, c) => samples[rows[i], c]);
}
