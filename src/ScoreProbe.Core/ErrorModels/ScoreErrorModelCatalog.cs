using ScoreProbe.Core.Validation;
using MathNet.Numerics.LinearAlgebra;

namespace ScoreProbe.Core.ErrorModels;

/// <summary>
/// The error models of paper 000 §8 at a fixed marginal size <c>E||Delta_t||_F^2 + E||delta_t||^2 = eps^2</c> (eq. (14)),
/// with the default spatial structure of the issue: <c>Cov(delta_a, delta_b) = k(a,b) (eps_delta^2/d) I</c> and
/// <c>Cov(vec Delta_a, vec Delta_b) = k(a,b) (eps_Delta^2/d^2) I</c>.
/// </summary>
public static class ScoreErrorModelCatalog
{
    /// <summary>Memory budget of the random-feature directions: 2^27 doubles (1 GiB).</summary>
    private const double MaxRandomFeatureDoubles = 1 << 27;

    public static readonly IReadOnlyList<string> Names = ["independent", "shared", "ar1", "ou", "random-features"];

    /// <param name="name">independent, shared, ar1, ou or random-features.</param>
    /// <param name="dimension">d.</param>
    /// <param name="evaluationTimes">The score-evaluation times, in the order the sampler uses them.</param>
    /// <param name="rho">AR(1) coefficient (ar1 and random-features).</param>
    /// <param name="eps">Marginal error size eps.</param>
    /// <param name="parts">Which affine parts carry error.</param>
    /// <param name="features">Number of random features (random-features; 0 = max(2, d/2)).</param>
    /// <param name="seed">Seed of the shared random embedding U (random-features).</param>
    /// <param name="lengthScale">Correlation length ell of ou, <c>k(s, s') = exp(-|s - s'|/ell)</c> in diffusion time: a process
    /// that stays the same when the grid is refined.</param>
    public static ScoreErrorModel Create(string name, int dimension, IReadOnlyList<double> evaluationTimes, double rho, double eps, ErrorParts parts,
        int features = 0, int seed = 0, double lengthScale = 0.1)
    {
        var times = evaluationTimes.Count;
        Guard.NonNegative("eps", eps, "it is the root-mean-square size of the score error");
        var (shift2, matrix2) = parts switch
        {
            ErrorParts.Shift => (eps * eps, 0.0),
            ErrorParts.Matrix => (0.0, eps * eps),
            _ => (eps * eps / 2, eps * eps / 2),
        };
        int d = dimension;
        return name switch
        {
            "independent" => ScoreErrorModel.Isotropic(name, d, TimeCovariances.Independent(times), shift2 / d, matrix2 / (d * (double)d)),
            "shared" => ScoreErrorModel.Isotropic(name, d, TimeCovariances.Shared(times), shift2 / d, matrix2 / (d * (double)d)),
            "ar1" => ScoreErrorModel.Isotropic(name, d, TimeCovariances.Ar1(times, rho), shift2 / d, matrix2 / (d * (double)d)),
            "ou" => ScoreErrorModel.Isotropic(name, d, TimeCovariances.OrnsteinUhlenbeck(evaluationTimes, lengthScale), shift2 / d, matrix2 / (d * (double)d)),
            "random-features" => RandomFeatures(d, times, rho, shift2, matrix2, features > 0 ? features : Math.Max(2, d / 2), seed),
            _ => throw new InvalidConfigurationException($"unknown error model '{name}'; use one of {string.Join(", ", Names)}"),
        };
    }

    /// <summary>
    /// Shared random-feature errors (§8): <c>Delta_t = U^T A_t U</c>, <c>delta_t = U^T b_t</c>, U (features x d) with i.i.d. N(0, 1/features)
    /// entries drawn once from <paramref name="seed"/>, and A_t, b_t with i.i.d. entries that are AR(1) in time.
    /// Given U, <c>Delta_t = sum_pq A_pq u_p u_q^T</c>, so the directions are <c>u_p u_q^T</c> and <c>u_p</c> (rows u_p of U),
    /// scaled so that <c>E||Delta_t||_F^2 = sigma_A^2 (tr U U^T)^2</c> and <c>E||delta_t||^2 = sigma_b^2 tr U U^T</c> hit their targets.
    /// </summary>
    public static ScoreErrorModel RandomFeatures(int d, int times, double rho, double shift2, double matrix2, int features, int seed)
    {
        Guard.AtLeast("features", features, 1);
        // With a matrix part the model holds r^2 dense d x d directions; check the memory before allocating anything.
        var doubles = (double)features * d + (matrix2 > 0 ? (double)features * features * d * d : 0) + (shift2 > 0 ? (double)features * d : 0);
        if (doubles > MaxRandomFeatureDoubles)
        {
            var largest = matrix2 > 0 ? (int)Math.Floor(Math.Sqrt(MaxRandomFeatureDoubles) / d) : (int)(MaxRandomFeatureDoubles / (2.0 * d));
            throw new InvalidConfigurationException("features",
                $"{features} random features at d = {d} need {doubles * 8 / (1 << 30):G3} GiB of directions (r^2 d x d matrices); use at most {Math.Max(largest, 1)}");
        }
        var rng = new Random(seed);
        var u = Matrix<double>.Build.Dense(features, d, (_, _) => Gaussian.Next(rng) / Math.Sqrt(features));
        var traceUUt = u.FrobeniusNorm() * u.FrobeniusNorm();
        double sigmaA = Math.Sqrt(matrix2) / traceUUt, sigmaB = Math.Sqrt(shift2 / traceUUt);
        var directions = new List<SpatialDirection>();
        for (var p = 0; p < features; p++)
        {
            var up = u.Row(p);
            if (shift2 > 0) directions.Add(new SpatialDirection(null, sigmaB * up));
            if (matrix2 > 0)
                for (var q = 0; q < features; q++)
                    directions.Add(new SpatialDirection(sigmaA * up.OuterProduct(u.Row(q)), null));
        }
        return ScoreErrorModel.FromDirections($"random-features(r={features})", d, TimeCovariances.Ar1(times, rho), directions);
    }
}
