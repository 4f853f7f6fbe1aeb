using MathNet.Numerics.Distributions;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// A synthetic affine score-error model that is AR(1) in time, for examples and tests. For each repetition r,
/// independently per coordinate i: delta_{a,i} and the diagonal entries Delta_{a,ii} are stationary AR(1) series
/// in the time index a, x_a = rho x_{a-1} + sqrt(1 - rho^2) sd xi_a, with marginal sd <see cref="ShiftSd"/> and
/// <see cref="DeltaSd"/> (off-diagonal Delta entries are zero). Each (r, a) cell draws B states X ~ N(0, StateSd^2 I) and
/// residuals R = -Delta_a X + delta_a + noise, noise ~ N(0, NoiseSd^2 I) (the part of the error an affine fit cannot
/// explain). Grid times t_a = (a + 1)/m. The true coefficient covariance is rho^|a-b| diag(DeltaSd^2, ShiftSd^2).
/// </summary>
public sealed record SyntheticResidualModel(int Times, int Repetitions, int Batch, int Dim, double Rho,
    double ShiftSd = 0.1, double DeltaSd = 0.05, double NoiseSd = 0.02, double StateSd = 1.0)
{
    /// <summary>The most values (R m B d states, as many residuals) one synthetic set may hold: 2 GiB of doubles.</summary>
    public const long MaxValues = 1L << 27;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first invalid size (<c>times</c>, <c>repetitions</c>, <c>batch</c>, <c>dim</c>, <c>rho</c>) or a set over <see cref="MaxValues"/>.</summary>
    public void Validate()
    {
        Guard.AtLeast("times", Times, 1);
        Guard.AtLeast("repetitions", Repetitions, 2, "time-time covariances need at least two repetitions");
        Guard.AtLeast("batch", Batch, 2, "the affine fit needs at least two draws per cell");
        Guard.AtLeast("dim", Dim, 1);
        Guard.InOpenRange("rho", Rho, -1, 1);
        var values = (double)Times * Repetitions * Batch * Dim;
        if (values <= MaxValues) return;
        var (parameter, size) = new[] { ("times", Times), ("repetitions", Repetitions), ("batch", Batch), ("dim", Dim) }.MaxBy(p => p.Item2);
        throw new InvalidConfigurationException(parameter,
            $"{size} gives m R B d = {values:G3} values, over the {MaxValues:G3} ({16 * MaxValues >> 30} GiB) a synthetic set may hold; lower it");
    }

    public ResidualSet Sample(int seed)
    {
        Validate();
        var random = new Random(seed);
        int m = Times, b = Batch, d = Dim;
        var states = new double[Repetitions * m * b * d];
        var residuals = new double[states.Length];
        var innovation = Math.Sqrt(1 - Rho * Rho);
        var shift = new double[d];
        var delta = new double[d];
        for (var r = 0; r < Repetitions; r++)
            for (var a = 0; a < m; a++)
            {
                for (var i = 0; i < d; i++)
                {
                    shift[i] = a == 0 ? ShiftSd * Normal.Sample(random, 0, 1) : Rho * shift[i] + innovation * ShiftSd * Normal.Sample(random, 0, 1);
                    delta[i] = a == 0 ? DeltaSd * Normal.Sample(random, 0, 1) : Rho * delta[i] + innovation * DeltaSd * Normal.Sample(random, 0, 1);
                }
                for (var j = 0; j < b; j++)
                    for (var i = 0; i < d; i++)
                    {
                        var index = ((r * m + a) * b + j) * d + i;
                        var x = StateSd * Normal.Sample(random, 0, 1);
                        states[index] = x;
                        residuals[index] = -delta[i] * x + shift[i] + NoiseSd * Normal.Sample(random, 0, 1);
                    }
            }
        return new ResidualSet(Enumerable.Range(1, m).Select(a => (double)a / m).ToArray(), Repetitions, b, d, states, residuals);
    }

    /// <summary>The true stacked covariance of z_a = (vec Delta_a, delta_a), time-major, in the layout of <see cref="CoefficientSamples"/>.</summary>
    public Matrix<double> TrueCoefficientCovariance(bool diagonalDelta)
    {
        var deltaModes = diagonalDelta ? Dim : Dim * Dim;
        var perTime = Vector<double>.Build.Dense(deltaModes + Dim);
        for (var i = 0; i < Dim; i++)
        {
            perTime[diagonalDelta ? i : i * Dim + i] = DeltaSd * DeltaSd;
            perTime[deltaModes + i] = ShiftSd * ShiftSd;
        }
        var kernel = Matrix<double>.Build.Dense(Times, Times, (a, c) => Math.Pow(Rho, Math.Abs(a - c)));
        return kernel.KroneckerProduct(Matrix<double>.Build.DenseOfDiagonalVector(perTime));
    }
}
