using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.Targets;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Probing;

/// <summary>How the prediction is reported: points of the curve, bootstrap resamples and their seed.</summary>
public sealed record PredictionOptions(int CurvePoints = 5, int BootstrapResamples = 200, int Seed = 0);

/// <summary>How the networks are measured: N samples, their seed, bootstrap resamples, the surrogate control variate, and how many
/// samples enter a Sinkhorn W2 against the data (0: none).</summary>
public sealed record MeasurementOptions(int Samples, ulong Seed, int BootstrapResamples = 200, bool ControlVariate = true, int SinkhornSamples = 0, bool PathFit = false);

/// <summary>
/// Paper 000 §7 on trained networks: from probed networks (their systematic affine errors and fitting noise) to the predicted
/// <c>E W2^2</c> of a sampler through the non-centred expansion (<see cref="NonCentredKernelExpansion"/>), the exact W2^2 of the affine
/// surrogates, and the W2^2 the networks' own samples measure.
/// </summary>
public static class TrainedPrediction
{
    public static SamplerPrediction Predict(IReadOnlyList<ProbedNetwork> members, GaussianTarget target, SamplerPlan plan, PredictionOptions options)
    {
        if (members.Count == 0) throw new ArgumentException("predict from at least one network");
        Guard.AtLeast("reps", members.Min(m => m.Estimate.Repetitions), 2, "the fitting noise and the interval need two repetitions per network");
        var problem = plan.Problem(target);
        var order = members[0].IndexOf(plan.EvaluationTimesteps(problem));
        if (members.Any(m => !m.Timesteps.SequenceEqual(members[0].Timesteps)))
            throw new ArgumentException("ensemble members must be probed at the same timesteps");
        var curve = KernelExpansion.CurveIndices(plan.Grid.Steps, options.CurvePoints);
        var ensemble = new EnsembleErrorEstimate(members.Select(m => m.Estimate).ToArray());

        var perMember = new (double Predicted, double Surrogate, double[] Bias)[members.Count];
        Parallel.For(0, members.Count, j =>
        {
            var estimate = members[j].Estimate;
            var mean = estimate.MeanTrajectory(order);
            var bias = DirectionalKernelEngine.Compute(problem, estimate.MeanNoise(order)!, curve).Select(t => t.Complete).ToArray();
            var own = NonCentredKernelExpansion.Predict(problem, mean, null, [0])[0].Predicted;
            var surrogate = ConditionalPropagation.W2Squared(problem, mean.ToDraw(problem.Target.Eigenvectors), [0])[0];
            perMember[j] = (own - bias[0], surrogate, bias);
        });
        var bias = Enumerable.Range(0, curve.Length).Select(r => perMember.Average(p => p.Bias[r])).ToArray();
        var rows = NonCentredKernelExpansion.Predict(problem, ensemble.MeanTrajectory(order), ensemble.Fluctuation(order), curve);
        var points = rows.Select((row, r) => new CurvePoint(row.K, row.T, row.E0, row.EDisc, row.SystematicFirst, row.Systematic.Complete,
            row.Fluctuation.Complete, bias[r], row.Predicted - bias[r])).ToArray();

        var interval = members.Count >= 2
            ? Bootstrap.Percentile(members.Count, rows => rows.Average(j => perMember[j].Predicted), options.BootstrapResamples, options.Seed)
            : RepetitionInterval(problem, members[0].Estimate, order, bias[0], options);
        var final = points[0];
        return new SamplerPrediction(plan.Name, plan.Steps, members.Count, final.Predicted, [interval.Lower, interval.Upper], perMember.Average(p => p.Surrogate),
            final.E0, final.Edisc, final.SystematicFirst, final.SystematicSecond, final.Q, final.FittingNoiseBias, points,
            Diagnostics(members, ensemble, plan, problem, order),
            members.Select((m, j) => new MemberResult(m.Name, perMember[j].Predicted, perMember[j].Surrogate)).ToArray());
    }

    /// <summary>
    /// One network: resampling repetitions moves the mean to <c>sum_r c_r z_r = mean + sum_r c_r (z_r - mean)</c>; in the span of the mean and
    /// the deviations the prediction is a quadratic form (<see cref="ErrorSpanExpansion"/>), so every resample costs a few flops.
    /// </summary>
    private static BootstrapInterval RepetitionInterval(ReverseProblem problem, SystematicErrorEstimate estimate, IReadOnlyList<int> order, double bias, PredictionOptions options)
    {
        var reps = estimate.Repetitions;
        var directions = new List<ErrorTrajectory> { estimate.MeanTrajectory(order) };
        for (var r = 0; r < reps; r++)
            directions.Add(CoefficientVectors.ToTrajectory(estimate.Deviation(r), estimate.Samples.Dim, estimate.Samples.DiagonalDelta, order));
        var span = ErrorSpanExpansion.Compute(problem, directions, [0]);
        return Bootstrap.Percentile(reps, rows =>
        {
            var a = Vector<double>.Build.Dense(reps + 1);
            a[0] = 1;
            foreach (var r in rows) a[r + 1] += 1.0 / reps;
            return span.Predict(0, a) - bias;
        }, options.BootstrapResamples, options.Seed);
    }

    private static TimeDiagnostics[] Diagnostics(IReadOnlyList<ProbedNetwork> members, EnsembleErrorEstimate ensemble, SamplerPlan plan, ReverseProblem problem, int[] order)
    {
        var layout = members[0].Estimate.Samples;
        return order.Select((a, n) =>
        {
            var p = layout.ModesPerTime;
            var delta = ensemble.Mean.SubVector(a * p, layout.DeltaModes).L2Norm();
            var shift = ensemble.Mean.SubVector(a * p + layout.DeltaModes, layout.Dim).L2Norm();
            return new TimeDiagnostics(plan.Timeline.TimestepOf(problem.EvaluationTimes[n]), problem.EvaluationTimes[n], delta, shift,
                members.Average(m => m.Estimate.FittingNoise(a)), members.Count > 1 ? ensemble.Variance(a) : null, members.Average(m => m.RSquared[a]));
        }).ToArray();
    }

    /// <summary>
    /// Samples every member with the plan (same seed: common random numbers) and measures W2^2 of the Gaussian fit to the data Gaussian,
    /// bias-corrected (<see cref="GaussianFitW2"/>), with the member's affine surrogate (same noise) as control variate when asked.
    /// Fills the members' measurements into <paramref name="prediction"/>'s member list (returned as a new prediction).
    /// </summary>
    public static (SamplerPrediction Prediction, SamplerMeasurement Measurement) Measure(SamplerPrediction prediction, IReadOnlyList<ProbedNetwork> members,
        IDataset data, GaussianTarget target, SamplerPlan plan, MeasurementOptions options)
    {
        Guard.AtLeast("n", options.Samples, 10, "the Gaussian fit and its bootstrap need samples");
        var problem = plan.Problem(target);
        var evaluation = plan.EvaluationTimesteps(problem);
        var dataGaussian = new GaussianDataset(target.Mean, target.Covariance);
        // One member at a time: TorchSharp's scalar arguments are not safe to create from several threads at once.
        var measured = members.Select((member, j) => MeasureMember(prediction.MemberResults[j], member, j == 0, data, dataGaussian, target, plan, evaluation, options)).ToArray();
        var results = measured.Select(m => m.Result).ToArray();
        double? sinkhorn = null;
        var floor = measured[0].Floor;
        var pathR2 = measured[0].Path;
        if (results.All(r => r.SinkhornW2 is not null)) sinkhorn = results.Average(r => r.SinkhornW2!.Value);
        var (value, interval) = Combine(results.Select(r => r.Measured!).ToArray(), options);
        var (plainValue, plainInterval) = Combine(results.Select(r => r.MeasuredPlain!).ToArray(), options);
        return (prediction with { MemberResults = results },
            new SamplerMeasurement(options.Samples, options.ControlVariate, value, interval, plainValue, plainInterval, sinkhorn, floor, pathR2));
    }

    private static (MemberResult Result, double? Floor, double[]? Path) MeasureMember(MemberResult result, ProbedNetwork member, bool first, IDataset data,
        GaussianDataset dataGaussian, GaussianTarget target, SamplerPlan plan, IReadOnlyList<int> evaluation, MeasurementOptions options)
    {
        var seed = (int)(options.Seed % int.MaxValue);
        using var sampled = NetworkSampling.Sample(member.Network, plan, options.Samples, options.Seed, options.PathFit && first ? evaluation : null);
        var samples = ToMatrix(sampled.Samples);
        var plain = GaussianFitW2.Measure(target.Mean, target.Covariance, samples, options.BootstrapResamples, seed);
        var measured = plain;
        if (options.ControlVariate)
        {
            var order = member.IndexOf(evaluation);
            var errors = evaluation.Select((t, n) => (t, n)).ToDictionary(x => x.t, x => CoefficientVectors.ToDirection(member.Estimate.Mean, order[x.n], target.Dimension, false));
            using var surrogate = new AffineScoreNetwork(new AffineScoreConfig(dataGaussian, plan.Timeline, errors));
            using var control = NetworkSampling.Sample(surrogate, plan, options.Samples, options.Seed);
            measured = GaussianFitW2.MeasureAgainstControl(target.Mean, target.Covariance, samples, ToMatrix(control.Samples),
                result.Surrogate, options.BootstrapResamples, seed);
        }
        double? sinkhorn = null, floor = null;
        if (options.SinkhornSamples > 0)
        {
            var count = Math.Min(options.SinkhornSamples, options.Samples);
            using var real = ReferenceData.DrawForEvaluation(data, count, options.Seed);
            using var generated = sampled.Samples.narrow(0, 0, count);
            sinkhorn = SinkhornDivergence.W2(real.to(ScalarType.Float64), generated.to(ScalarType.Float64));
            if (first)
            {
                using var other = ReferenceData.DrawForEvaluation(data, count, options.Seed + 1);
                floor = SinkhornDivergence.W2(real.to(ScalarType.Float64), other.to(ScalarType.Float64));
            }
        }
        var path = options.PathFit && first ? PathFit(member, plan, sampled, evaluation) : null;
        return (result with { Measured = measured, MeasuredPlain = plain, SinkhornW2 = sinkhorn }, floor, path);
    }

    /// <summary>The ensemble mean of the members' values; its interval a bootstrap over members, or the one member's own interval.</summary>
    private static (double Value, double[] Interval) Combine(IReadOnlyList<GaussianFitEstimate> values, MeasurementOptions options)
    {
        if (values.Count == 1) return (values[0].Value, [values[0].Lower, values[0].Upper]);
        var interval = Bootstrap.Percentile(values.Count, rows => rows.Average(j => values[j].Value), options.BootstrapResamples, (int)(options.Seed % int.MaxValue));
        return (interval.Estimate, [interval.Lower, interval.Upper]);
    }

    /// <summary>
    /// §9's local linearisation, checked where the sampler goes: at each evaluation timestep, the affine fit of the network's own score
    /// to the states the sampler visited, and its R^2 (1: the score is affine on the sampler's path).
    /// </summary>
    private static double[] PathFit(ProbedNetwork member, SamplerPlan plan, SampleResult sampled, IReadOnlyList<int> evaluation)
    {
        var timesteps = evaluation.Where(sampled.Trajectory.ContainsKey).ToArray();
        int n = (int)sampled.Samples.shape[0], d = (int)sampled.Samples.shape[1];
        var states = new double[(long)timesteps.Length * n * d];
        var scores = new double[states.Length];
        using (no_grad())
            for (var a = 0; a < timesteps.Length; a++)
            {
                using var scope = NewDisposeScope();
                var x = sampled.Trajectory[timesteps[a]];
                var score = NetworkSampling.Score(member.Network, plan.Timeline, new TensorState(x), timesteps[a]).Value;
                x.to(ScalarType.Float64).contiguous().data<double>().ToArray().CopyTo(states, (long)a * n * d);
                score.to(ScalarType.Float64).contiguous().data<double>().ToArray().CopyTo(scores, (long)a * n * d);
            }
        var set = new ResidualSet(timesteps.Select(plan.Timeline.TimeOf).ToArray(), 1, n, d, states, scores);
        return AffineFitQuality.RSquared(set, CoefficientSamples.Fit(set, 0, false));
    }

    private static Matrix<double> ToMatrix(Tensor samples)
    {
        var values = samples.to(ScalarType.Float64).contiguous().data<double>().ToArray();
        int n = (int)samples.shape[0], d = (int)samples.shape[1];
        return Matrix<double>.Build.Dense(n, d, (i, j) => values[i * d + j]);
    }
}
