using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// The refit-per-repetition coefficients of paper 000 §7: row r of <see cref="Stacked"/> is the vector
/// z^{(r)} = (z_0, ..., z_{m-1}) with, per time a, z_a = (vec Delta_hat_{t_a}^{(r)}, delta_hat_{t_a}^{(r)}) of length
/// p = DeltaModes + Dim. vec is row-major (entry (i, j) at i d + j) for full Delta and the diagonal (Delta_ii at i)
/// for diagonal Delta. Stacked index of (time a, mode k) is a p + k (time-major).
/// </summary>
public sealed record CoefficientSamples(Matrix<double> Stacked, int Times, int Dim, bool DiagonalDelta)
{
    /// <summary>Number of Delta entries per time: d for diagonal Delta, d^2 otherwise.</summary>
    public int DeltaModes => DiagonalDelta ? Dim : Dim * Dim;

    /// <summary>p, the number of scalar modes per time.</summary>
    public int ModesPerTime => DeltaModes + Dim;

    public int Repetitions => Stacked.RowCount;

    /// <summary>Fits (Delta, delta) for every repetition and time with <see cref="RidgeAffineFit"/>.</summary>
    public static CoefficientSamples Fit(ResidualSet set, double ridge, bool diagonalDelta)
    {
        int d = set.Dim, m = set.TimeCount, b = set.Batch;
        var deltaModes = diagonalDelta ? d : d * d;
        var p = deltaModes + d;
        var stacked = Matrix<double>.Build.Dense(set.Repetitions, m * p);
        for (var r = 0; r < set.Repetitions; r++)
            for (var a = 0; a < m; a++)
            {
                var states = Matrix<double>.Build.Dense(b, d);
                var residuals = Matrix<double>.Build.Dense(b, d);
                for (var j = 0; j < b; j++)
                {
                    var x = set.State(r, a, j);
                    var res = set.Residual(r, a, j);
                    for (var i = 0; i < d; i++) { states[j, i] = x[i]; residuals[j, i] = res[i]; }
                }
                var fit = RidgeAffineFit.Fit(states, residuals, ridge, diagonalDelta);
                var offset = a * p;
                for (var i = 0; i < d; i++)
                {
                    if (diagonalDelta) stacked[r, offset + i] = fit.Delta[i, i];
                    else for (var j = 0; j < d; j++) stacked[r, offset + i * d + j] = fit.Delta[i, j];
                    stacked[r, offset + deltaModes + i] = fit.Shift[i];
                }
            }
        return new CoefficientSamples(stacked, m, d, diagonalDelta);
    }
}
