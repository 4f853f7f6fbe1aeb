using MathNet.Numerics.Statistics;
using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>The classifier ratio against the exact one at one timestep (<see cref="SiemRatioComparison"/>).</summary>
/// <param name="Timestep">diffusers timestep t.</param>
/// <param name="KlGeneratedToData"><c>KL(u_t || v_t)</c> of the exact Gaussians: how far apart the classifier's two classes are.</param>
/// <param name="XiExact">xi with the exact ratio.</param>
/// <param name="XiBias">Mean over classifier fits of <c>xi_classifier - xi_exact</c> (same points, same noise).</param>
/// <param name="XiStd">Standard deviation of xi over classifier fits.</param>
/// <param name="RatioBias">Mean over fits and points <c>x ~ v_t</c> of <c>r_classifier - r_exact</c> (both clamped as in xi).</param>
/// <param name="RatioRelativeError">Mean over fits of <c>E_v |r_classifier - r_exact| / E_v r_exact</c>.</param>
/// <param name="LogRatioRmse">Root mean square over fits and points of <c>log r_classifier - log r_exact</c> (clamped).</param>
/// <param name="ValidationLoss">Mean held-out BCE of the classifiers (log 2 = 0.693: they cannot tell u from v).</param>
public sealed record RatioComparisonPoint(
    int Timestep, double KlGeneratedToData, double XiExact, double XiBias, double XiStd, double RatioBias, double RatioRelativeError,
    double LogRatioRmse, double ValidationLoss);

/// <summary>SIEM and <c>||mu||</c> of one range with the exact ratio and over the classifier fits (mean, standard deviation).</summary>
public sealed record RatioComparisonSummary(
    double SiemExact, double SiemClassifierMean, double SiemClassifierStd, double MuExact, double MuClassifierMean, double MuClassifierStd);

/// <summary>
/// How the classifier density ratio of seed 004 Appendix B changes SIEM, measured where the truth is known: Gaussian data,
/// where <c>u_t/v_t</c> is exact (<see cref="GaussianRatioEstimator"/>). At every evaluated timestep the exact ratio and
/// <c>repeats</c> freshly trained classifiers (each on its own draw of noised data, seeded apart) weight the very same
/// integrand (<see cref="SiemIntegrand"/>: same data points, same noise), so the differences are the ratio estimator's
/// alone: its per-timestep bias and spread in xi, its error in r itself, and the SIEM and <c>||mu||</c> each fit's series gives.
/// </summary>
/// <param name="Points">Per evaluated timestep, in sampling order.</param>
/// <param name="Full">The 999..0 range (null when the options cover only the first 10%).</param>
/// <param name="First10">The 999..900 range.</param>
/// <param name="Repeats">Classifier fits per timestep.</param>
public sealed record SiemRatioComparison(IReadOnlyList<RatioComparisonPoint> Points, RatioComparisonSummary? Full, RatioComparisonSummary First10, int Repeats)
{
    /// <param name="evaluator">SIEM settings and schedule; its ratio estimator is not used.</param>
    /// <param name="model">The noise predictor whose states <paramref name="trajectory"/> holds.</param>
    /// <param name="data">The Gaussian data.</param>
    /// <param name="trajectory">States of <paramref name="model"/> at the evaluator's timesteps (<see cref="SiemEvaluator.Sample"/>).</param>
    /// <param name="exact">The exact ratio (<see cref="GaussianRatioEstimator"/>).</param>
    /// <param name="classifier">The estimator under test (Appendix B).</param>
    /// <param name="repeats">Classifier fits per timestep (at least 2 for a spread).</param>
    /// <param name="seed">Seeds the data draws and the classifiers.</param>
    /// <param name="progress">(done, total) over timesteps.</param>
    public static SiemRatioComparison Run(SiemEvaluator evaluator, NoisePredictor model, GaussianDataset data, SiemTrajectory trajectory,
        GaussianRatioEstimator exact, IDensityRatioEstimator classifier, int repeats, ulong seed, Action<int, int>? progress = null)
    {
        if (repeats < 2) throw new ArgumentException($"need at least 2 classifier fits per timestep for a spread (got {repeats})");
        var timesteps = evaluator.EvaluatedTimesteps();
        var count = (int)trajectory.Run.Samples.shape[0];
        var points = new List<RatioComparisonPoint>();
        var xiExact = new Dictionary<int, double>();
        var xiFits = Enumerable.Range(0, repeats).Select(_ => new Dictionary<int, double>()).ToArray();
        foreach (var t in timesteps)
        {
            using var scope = NewDisposeScope();
            using var generator = new Generator(seed * 1_000_003UL + (ulong)t);
            var states = trajectory.Run.Trajectory[t];
            using var integrand = evaluator.Integrand(model, data.Sample(count, generator), t, generator);
            using var exactRatio = exact.Fit(states, states, t, seed);
            var truth = evaluator.Xi(integrand, exactRatio);
            var exactR = ClampedRatio(evaluator, exactRatio, integrand);
            var (xi, bias, relative, squaredLog, loss) = (new double[repeats], 0.0, 0.0, 0.0, 0.0);
            for (var k = 0; k < repeats; k++)
            {
                using var real = evaluator.Noised(data.Sample(count, generator), t, generator).X;
                using var fitted = classifier.Fit(states, real, t, seed + 7919UL * (ulong)(k + 1) + (ulong)t);
                xi[k] = evaluator.Xi(integrand, fitted).Xi;
                var r = ClampedRatio(evaluator, fitted, integrand);
                bias += (r - exactR).mean().item<double>() / repeats;
                relative += (r - exactR).abs().mean().item<double>() / exactR.mean().item<double>() / repeats;
                squaredLog += (r.log() - exactR.log()).pow(2).mean().item<double>() / repeats;
                loss += (fitted.ValidationLoss ?? double.NaN) / repeats;
            }
            xiExact[t] = truth.Xi;
            for (var k = 0; k < repeats; k++) xiFits[k][t] = xi[k];
            var (meanU, covU) = exact.GeneratedStates(t, states);
            var (meanV, covV) = exact.NoisedData(t);
            points.Add(new RatioComparisonPoint(t, GaussianKl(meanU, covU, meanV, covV), truth.Xi, xi.Average() - truth.Xi, xi.StandardDeviation(),
                bias, relative, Math.Sqrt(squaredLog), loss));
            progress?.Invoke(points.Count, timesteps.Count);
        }

        var exactSummary = evaluator.Summarise(xiExact);
        var fitSummaries = xiFits.Select(evaluator.Summarise).ToArray();
        RatioComparisonSummary Range(SiemSummary truth, IReadOnlyList<SiemSummary> fits) => new(
            truth.Siem, fits.Average(f => f.Siem), fits.Select(f => f.Siem).StandardDeviation(),
            truth.MuNorm, fits.Average(f => f.MuNorm), fits.Select(f => f.MuNorm).StandardDeviation());
        return new SiemRatioComparison(points,
            exactSummary.Full is null ? null : Range(exactSummary.Full, fitSummaries.Select(f => f.Full!).ToArray()),
            Range(exactSummary.First10, fitSummaries.Select(f => f.First10).ToArray()), repeats);
    }

    private static Tensor ClampedRatio(SiemEvaluator evaluator, IDensityRatio density, SiemIntegrand integrand) =>
        density.LogRatio(integrand.Points).exp().clamp(1 / evaluator.Options.RatioClamp, evaluator.Options.RatioClamp);

    /// <summary><c>KL(N(m_u, S_u) || N(m_v, S_v)) = 1/2 [tr(S_v^-1 S_u) + (m_v - m_u)^T S_v^-1 (m_v - m_u) - d + log det S_v - log det S_u]</c>.</summary>
    public static double GaussianKl(Vector<double> meanU, Matrix<double> covarianceU, Vector<double> meanV, Matrix<double> covarianceV)
    {
        var precisionV = covarianceV.Inverse();
        var difference = meanV - meanU;
        return 0.5 * ((precisionV * covarianceU).Trace() + difference * (precisionV * difference) - meanU.Count
                      + Math.Log(covarianceV.Determinant()) - Math.Log(covarianceU.Determinant()));
    }
}
