using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;

namespace ScoreProbe.Core.Estimation;

/// <summary>
/// The affine error of one fixed network from R refits (paper 000 §7, "refit per repetition"). For a fixed network the affine
/// projection <c>(Delta_t, delta_t)</c> of its error is deterministic: the mean of the fitted coefficients over repetitions
/// estimates it (the network's systematic error). Their spread is the sampling error of a B-sample least-squares fit, variance
/// about <c>1/B</c>: fitting noise, not the time-time covariance of the paper, which comes from training randomness
/// (<see cref="EnsembleErrorEstimate"/>). The mean still carries fitting noise of covariance <c>S/R</c>, which biases
/// <c>mean mean^T</c> by <c>S/R</c>; <see cref="MeanNoise"/> is that covariance as an error model, so a prediction can subtract it.
/// </summary>
public sealed class SystematicErrorEstimate
{
    private readonly Matrix<double> _deviations;

    public SystematicErrorEstimate(CoefficientSamples samples)
    {
        Samples = samples;
        Mean = samples.Stacked.ColumnSums() / samples.Repetitions;
        _deviations = samples.Stacked.Clone();
        for (var r = 0; r < samples.Repetitions; r++) _deviations.SetRow(r, samples.Stacked.Row(r) - Mean);
    }

    public CoefficientSamples Samples { get; }

    /// <summary>Mean fitted coefficients, stacked as in <see cref="CoefficientSamples"/>.</summary>
    public Vector<double> Mean { get; }

    public int Repetitions => Samples.Repetitions;

    /// <summary><c>||mean delta_a||</c>.</summary>
    public double ShiftNorm(int time) => Mean.SubVector(time * Samples.ModesPerTime + Samples.DeltaModes, Samples.Dim).L2Norm();

    /// <summary><c>||mean Delta_a||_F</c>.</summary>
    public double DeltaNorm(int time) => Mean.SubVector(time * Samples.ModesPerTime, Samples.DeltaModes).L2Norm();

    /// <summary>
    /// Fitting noise of one fit at time a, <c>tr S_aa = (1/(R-1)) sum_r ||z_{r,a} - mean_a||^2</c> (shrinks like 1/B); NaN for R = 1.
    /// </summary>
    public double FittingNoise(int time)
    {
        if (Repetitions < 2) return double.NaN;
        var p = Samples.ModesPerTime;
        var total = 0.0;
        for (var r = 0; r < Repetitions; r++)
            for (var k = 0; k < p; k++) total += _deviations[r, time * p + k] * _deviations[r, time * p + k];
        return total / (Repetitions - 1);
    }

    /// <summary>The systematic error over a sampler's evaluation times (evaluation n reads residual time <paramref name="timeOfEvaluation"/>[n]).</summary>
    public ErrorTrajectory MeanTrajectory(IReadOnlyList<int> timeOfEvaluation) =>
        CoefficientVectors.ToTrajectory(Mean, Samples.Dim, Samples.DiagonalDelta, timeOfEvaluation);

    /// <summary>Deviation of repetition r from the mean, <c>z_r - mean</c>.</summary>
    public Vector<double> Deviation(int r) => _deviations.Row(r);

    /// <summary>The covariance <c>S/R</c> of the mean's fitting noise, <c>sum_r (z_r - mean)(z_r - mean)^T / (R )</c>; null for R = 1.</summary>
    public TrajectoryErrorModel? MeanNoise(IReadOnlyList<int> timeOfEvaluation) => Repetitions < 2
        ? null
        : CoefficientVectors.ToErrorModel("fitting-noise", Enumerable.Range(0, Repetitions).Select(Deviation), 1 / Math.Sqrt(Repetitions * (Repetitions - 1.0)),
            Samples.Dim, Samples.DiagonalDelta, timeOfEvaluation);
}
