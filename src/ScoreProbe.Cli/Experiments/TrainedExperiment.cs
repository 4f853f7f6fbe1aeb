using System.Diagnostics;
using ScoreProbe.Cli.Report;
using ScoreProbe.Core.ErrorModels;
using ScoreProbe.Core.Estimation;
using ScoreProbe.Core.Kernel;
using ScoreProbe.Core.MonteCarlo;
using ScoreProbe.Core.Statistics;
using ScoreProbe.Core.Targets;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;
using ScoreProbe.Neural.Probing;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Cli.Experiments;

/// <summary>
/// Paper 000 §7 on networks ScoreProbe trains: MLPs on <c>gaussian:d</c> at three training lengths, an ensemble over seeds, and for
/// DDPM and DDIM at several step counts the predicted E W2^2 (non-centred kernel expansion of the ensemble's systematic error and
/// across-seed covariance), the exact W2^2 of the affine surrogates and the W2^2 the networks' own samples measure. Also the §9
/// parameter-Jacobian route to the covariance, the fitting noise's 1/B law, and a Gaussian mixture where the affine picture is
/// expected to break.
/// </summary>
public sealed class TrainedExperiment : IExperiment
{
    public string Name => "trained";
    public string Title => "Paper 000 on trained networks: predicted against measured W2^2 of each sampler";

    /// <summary>One sampler and the timesteps it visits.</summary>
    public sealed record SamplerChoice(string Sampler, int Steps)
    {
        public override string ToString() => $"{Sampler} {Steps}";
    }

    /// <summary>
    /// Sizes of the experiment: d of gaussian:d, the MLP's width and depth, the number of seeds, the checkpoint steps used as training
    /// lengths, late checkpoints of each run (§9), the samplers, residual repetitions and batch, samples per network, bootstrap
    /// resamples, AdamW learning rate, training batch and warm-up, and the mixture part (d, training steps, sampler).
    /// <c>Tolerance</c> is the relative gap between prediction and measurement accepted where the measured interval is narrower
    /// than the expansion's remainder.
    /// </summary>
    public sealed record Setting(int Dim, int Width, int Depth, int Seeds, int[] Lengths, int[] LateSteps, SamplerChoice[] Samplers, int Reps, int Batch,
        int Samples, int Bootstrap, double LearningRate, int TrainBatch, int Warmup, int GmmDim, int GmmLength, SamplerChoice GmmSampler, double Tolerance);

    private static Setting Of(ExperimentSettings s) => s.Quick
        ? new(4, 64, 2, 3, [200, 400, 800], [720, 760, 800], [new("ddpm", 100), new("ddim", 5), new("ddim", 10), new("ddim", 25)],
            2, 64, 400, 100, 3e-3, 128, 20, 2, 400, new("ddpm", 100), 0.25)
        : new(8, 64, 2, 8, [400, 1000, 2000], [1800, 1850, 1900, 1950, 2000], [new("ddpm", 1000), new("ddim", 10), new("ddim", 25), new("ddim", 100)],
            3, 64, 500, 200, 3e-3, 128, 50, 2, 2000, new("ddpm", 1000), 0.25);

    public object Configuration(ExperimentSettings s) => new { setting = Of(s), seed = s.Seed };

    /// <summary>One (training length, sampler) cell of the result table.</summary>
    private sealed record Cell(int Length, SamplerChoice Choice, SamplerPrediction Prediction, SamplerMeasurement Measurement)
    {
        public bool Covered => Measurement.MeasuredCi95[0] <= Prediction.Predicted && Prediction.Predicted <= Measurement.MeasuredCi95[1];
        public double RelativeGap => Math.Abs(Prediction.Predicted - Measurement.Measured) / Measurement.Measured;
    }

    public ExperimentRecord Run(ExperimentSettings s, Action<string> log)
    {
        var setting = Of(s);
        var clock = Stopwatch.StartNew();
        var seconds = new Dictionary<string, double>();
        void Lap(string part) { seconds[part] = clock.Elapsed.TotalSeconds; clock.Restart(); }
        var folder = Directory.CreateTempSubdirectory("scoreprobe-trained-").FullName;
        try
        {
            var data = DatasetSpec.Gaussian(setting.Dim);
            var steps = setting.Lengths.Max();
            log($"training {setting.Seeds} MLPs (width {setting.Width}, depth {setting.Depth}) on gaussian:{setting.Dim}, {steps} steps each");
            var ensemble = SeedEnsemble.Train(Config($"gaussian:{setting.Dim}", setting, setting.Dim, steps, setting.Lengths.Concat(setting.LateSteps)), data,
                setting.Seeds, Path.Combine(folder, "gaussian"), (ulong)s.Seed);
            Lap("training");

            var timeline = new NetworkTimeline(NoiseSchedule.Default);
            var target = DataGaussian.Of(data);
            var plans = setting.Samplers.Select(c => SamplerPlan.Create(c.Sampler, c.Steps, timeline)).ToArray();
            var union = plans.SelectMany(p => p.EvaluationTimesteps(p.Problem(target))).Distinct().OrderDescending().ToArray();
            var options = new ResidualProbeOptions(setting.Reps, setting.Batch, s.Seed);
            var checkpoints = new List<Checkpoint>();
            try
            {
                Checkpoint Load(int m, int step)
                {
                    var c = Checkpoint.Load(ensemble.CheckpointPath(m, step));
                    checkpoints.Add(c);
                    return c;
                }
                var networks = setting.Lengths.SelectMany(l => Enumerable.Range(0, setting.Seeds).Select(m => ($"seed {m}", Load(m, l).SamplingModel))).ToArray();
                log($"probing {networks.Length} networks at {union.Length} timesteps");
                var all = ProbedNetwork.ProbeAll(networks, data, timeline, union, options, done => { if (done % setting.Seeds == 0) log($"probed {done}/{networks.Length}"); });
                var probed = setting.Lengths.Select((l, i) => (l, i)).ToDictionary(x => x.l, x => all.Skip(x.i * setting.Seeds).Take(setting.Seeds).ToArray());
                Lap("probing");

                var cells = new List<Cell>();
                double predictSeconds = 0, measureSeconds = 0;
                foreach (var length in setting.Lengths)
                    foreach (var (choice, plan) in setting.Samplers.Zip(plans))
                    {
                        log($"{length} steps, {choice}: prediction and {setting.Samples} samples per network");
                        var watch = Stopwatch.StartNew();
                        var prediction = TrainedPrediction.Predict(probed[length], target, plan, new PredictionOptions(5, setting.Bootstrap, s.Seed));
                        predictSeconds += watch.Elapsed.TotalSeconds;
                        watch.Restart();
                        var (measuredPrediction, measurement) = TrainedPrediction.Measure(prediction, probed[length], data, target, plan,
                            new MeasurementOptions(setting.Samples, (ulong)s.Seed, setting.Bootstrap));
                        measureSeconds += watch.Elapsed.TotalSeconds;
                        cells.Add(new Cell(length, choice, measuredPrediction, measurement));
                    }
                seconds["prediction"] = predictSeconds;
                seconds["sampling"] = measureSeconds;
                clock.Restart();

                var longest = setting.Lengths.Max();
                log("second-order check, fitting noise, §9 Jacobian route, covariance and interaction figures");
                var secondOrder = SecondOrder(probed[longest], target, plans);
                var noise = FittingNoiseRatio(probed[longest][0].Network, data, timeline, union, setting, s.Seed);
                var covariancePlan = plans.First(p => p.Name == "ddim" && p.Steps >= 20);
                var late = setting.LateSteps.Select(step => Load(0, step).SamplingModel).ToArray();
                var jacobian = JacobianRoute(late, data, timeline, target, covariancePlan, options);
                var interaction = Interaction(probed[longest], target, plans[0]);
                var covariance = CovarianceFigure("covariance", $"Across-seed correlation of delta ({covariancePlan.Name} {covariancePlan.Steps})",
                    new EnsembleErrorEstimate(probed[longest].Select(p => p.Estimate).ToArray()), probed[longest][0].IndexOf(covariancePlan.EvaluationTimesteps(covariancePlan.Problem(target))));
                Lap("diagnostics");

                log($"gmm:{setting.GmmDim}: training, observable residuals, path fit, Sinkhorn");
                var gmm = Mixture(setting, s, folder, log);
                Lap("gmm");
                return Record(setting, cells, secondOrder, noise, jacobian, interaction, covariance, gmm, seconds);
            }
            finally
            {
                foreach (var c in checkpoints) c.Dispose();
            }
        }
        finally
        {
            try { Directory.Delete(folder, recursive: true); }
            catch (IOException) { }
        }
    }

    private static TrainingConfig Config(string data, Setting setting, int dim, int steps, IEnumerable<int> checkpoints) => new()
    {
        Data = data,
        ModelName = "mlp",
        Model = new MlpConfig(dim, setting.Width, setting.Depth, 2 * setting.Width),
        Steps = steps,
        BatchSize = setting.TrainBatch,
        LearningRate = setting.LearningRate,
        WarmupSteps = setting.Warmup,
        Checkpoints = checkpoints.Where(c => c <= steps).Distinct().Order().ToArray(),
    };

    /// <summary>
    /// The surrogate (each member's affine score propagated exactly) against the expansion with every member's error scaled by
    /// lambda: the gap must shrink like lambda^3 if the prediction is the surrogate to second order.
    /// </summary>
    private static (double Slope, double RelativeGap, string Sampler)[] SecondOrder(IReadOnlyList<ProbedNetwork> members, GaussianTarget target, IReadOnlyList<SamplerPlan> plans)
    {
        double[] lambdas = [1, 0.5, 0.25];
        return plans.Select(plan =>
        {
            var problem = plan.Problem(target);
            var order = members[0].IndexOf(plan.EvaluationTimesteps(problem));
            var gaps = lambdas.Select(lambda => members.Average(m =>
            {
                var mean = m.Estimate.MeanTrajectory(order).Scale(lambda);
                var exact = ConditionalPropagation.W2Squared(problem, mean.ToDraw(problem.Target.Eigenvectors), [0])[0];
                return exact - NonCentredKernelExpansion.Predict(problem, mean, null, [0])[0].Predicted;
            })).ToArray();
            var surrogate = members.Average(m => ConditionalPropagation.W2Squared(problem, m.Estimate.MeanTrajectory(order).ToDraw(problem.Target.Eigenvectors), [0])[0]);
            return (LogLogSlope.Fit(lambdas, gaps.Select(Math.Abs).ToArray()).Slope, Math.Abs(gaps[0]) / surrogate, $"{plan.Name} {plan.Steps}");
        }).ToArray();
    }

    /// <summary>Mean fitting noise of one fit at batch B over that at 4B, at a few timesteps (R = 8): 4 if it falls like 1/B.</summary>
    private static double FittingNoiseRatio(NoisePredictor network, IDataset data, NetworkTimeline timeline, IReadOnlyList<int> union, Setting setting, int seed)
    {
        var timesteps = Enumerable.Range(0, 5).Select(i => union[i * (union.Count - 1) / 4]).ToArray();
        double Noise(int batch)
        {
            var probe = ProbedNetwork.Probe("noise", network, data, timeline, timesteps, new ResidualProbeOptions(8, batch, seed + 1));
            return Enumerable.Range(0, timesteps.Length).Average(a => probe.Estimate.FittingNoise(a));
        }
        return Noise(setting.Batch / 2) / Noise(2 * setting.Batch);
    }

    private sealed record JacobianResult(double Direct, double Linearised, FigureRecord Figure);

    /// <summary>
    /// §9: the time-time covariance of one run from its late checkpoints, directly (each checkpoint probed) and through
    /// <c>J Cov(theta) J^T</c> at the last one; compared through the kernel Q they give.
    /// </summary>
    private static JacobianResult JacobianRoute(IReadOnlyList<NoisePredictor> late, IDataset data, NetworkTimeline timeline, GaussianTarget target, SamplerPlan plan, ResidualProbeOptions options)
    {
        var problem = plan.Problem(target);
        var timesteps = plan.EvaluationTimesteps(problem);
        var order = Enumerable.Range(0, timesteps.Length).ToArray();
        var direct = new EnsembleErrorEstimate(late.Select(n => ProbedNetwork.Probe("late", n, data, timeline, timesteps, options).Estimate).ToArray());
        var derivatives = ParameterJacobian.Probe(late[^1], ParameterJacobian.Directions(late), data, timeline, timesteps, options)
            .Select(set => new SystematicErrorEstimate(CoefficientSamples.Fit(set, 0, false)).Mean).ToArray();
        var linearised = CoefficientVectors.ToErrorModel("jacobian", derivatives, 1, target.Dimension, false, order);
        var qDirect = DirectionalKernelEngine.Compute(problem, direct.Fluctuation(order)!, [0])[0].Complete;
        var qLinearised = DirectionalKernelEngine.Compute(problem, linearised, [0])[0].Complete;
        var p = target.Dimension * target.Dimension + target.Dimension;
        var trace = new double[timesteps.Length, timesteps.Length];
        for (var a = 0; a < timesteps.Length; a++)
            for (var b = 0; b < timesteps.Length; b++)
                trace[a, b] = derivatives.Sum(g => Enumerable.Range(target.Dimension * target.Dimension, target.Dimension).Sum(k => g[a * p + k] * g[b * p + k]));
        var figure = ReportFigures.Heatmap("covariance-jacobian", "§9 route: correlation of delta, J Cov(theta) J^T",
            "evaluation b (from T)", "evaluation a (from T)", Correlation(trace), "correlation", diverging: true,
            caption: $"Parameter covariance of the last {late.Count} checkpoints of one run, pushed through autograd Jacobians of the score; kernel Q {qLinearised:G3} against {qDirect:G3} from probing the checkpoints directly.");
        return new JacobianResult(qDirect, qLinearised, figure);
    }

    /// <summary>The interaction matrix I_AB of the across-seed covariance for the first sampler, over 20 blocks of evaluation times.</summary>
    private static FigureRecord Interaction(IReadOnlyList<ProbedNetwork> members, GaussianTarget target, SamplerPlan plan)
    {
        var problem = plan.Problem(target);
        var order = members[0].IndexOf(plan.EvaluationTimesteps(problem));
        var fluctuation = new EnsembleErrorEstimate(members.Select(m => m.Estimate).ToArray()).Fluctuation(order)!;
        var m = problem.EvaluationTimes.Count;
        var count = Math.Min(20, m);
        var blocks = Enumerable.Range(0, count).Select(b => (IReadOnlyList<int>)Enumerable.Range(b * m / count, (b + 1) * m / count - b * m / count).ToArray()).ToArray();
        var interaction = DirectionalKernelEngine.InteractionMatrix(problem, fluctuation, blocks);
        var total = interaction.Enumerate().Sum();
        return ReportFigures.Heatmap("interaction", $"Interaction I_AB of the seed covariance ({plan.Name} {plan.Steps})",
            "block B (from T)", "block A (from T)", interaction.ToArray(), "I_AB", diverging: true,
            caption: $"{count} blocks of evaluation times, {plan.Name} {plan.Steps}, {members.Count} seeds at the longest training. Sum of all cells = Q_paper of the training randomness = {total:G3}; diagonal blocks alone {interaction.Diagonal().Sum():G3}: the rest is cross-time correlation.");
    }

    private static FigureRecord CovarianceFigure(string id, string title, EnsembleErrorEstimate ensemble, IReadOnlyList<int> order)
    {
        var trace = new double[order.Count, order.Count];
        for (var a = 0; a < order.Count; a++)
            for (var b = 0; b < order.Count; b++) trace[a, b] = ensemble.Covariance(order[a], order[b], shiftOnly: true);
        return ReportFigures.Heatmap(id, title, "evaluation b (from T)", "evaluation a (from T)", Correlation(trace), "correlation", diverging: true,
            caption: $"{ensemble.Count} seeds. tr Cov(delta_a, delta_b) / sqrt(tr Var delta_a tr Var delta_b) across seeds: how one network's error at one noise level goes with its error at another.");
    }

    private static double[,] Correlation(double[,] covariance)
    {
        var n = covariance.GetLength(0);
        var result = new double[n, n];
        for (var a = 0; a < n; a++)
            for (var b = 0; b < n; b++) result[a, b] = covariance[a, b] / Math.Sqrt(covariance[a, a] * covariance[b, b]);
        return result;
    }

    private sealed record MixtureResult(SamplerPrediction Prediction, SamplerMeasurement Measurement, double[] ProbeR2, double[] Times);

    /// <summary>
    /// gmm:d (four separated modes): one MLP, observable residuals, the prediction for the moment-matched Gaussian, the Gaussian-fit
    /// W2^2 and the Sinkhorn W2 of its samples, and the affine fit of its score along the sampler's path.
    /// </summary>
    private static MixtureResult Mixture(Setting setting, ExperimentSettings s, string folder, Action<string> log)
    {
        var data = DatasetSpec.Mixture(setting.GmmDim);
        var run = SeedEnsemble.Train(Config($"gmm:{setting.GmmDim}", setting, setting.GmmDim, setting.GmmLength, [setting.GmmLength]),
            data, 1, Path.Combine(folder, "gmm"), (ulong)s.Seed);
        using var checkpoint = Checkpoint.Load(run.CheckpointPath(0, setting.GmmLength));
        var timeline = new NetworkTimeline(NoiseSchedule.Default);
        var target = DataGaussian.Of(data);
        var plan = SamplerPlan.Create(setting.GmmSampler.Sampler, setting.GmmSampler.Steps, timeline);
        var timesteps = plan.EvaluationTimesteps(plan.Problem(target));
        log($"gmm: probing {timesteps.Length} timesteps");
        var probed = ProbedNetwork.Probe("gmm", checkpoint.SamplingModel, data, timeline, timesteps,
            new ResidualProbeOptions(setting.Reps, 4 * setting.Batch, s.Seed, ResidualKind.Observable));
        var prediction = TrainedPrediction.Predict([probed], target, plan, new PredictionOptions(5, setting.Bootstrap, s.Seed));
        var (measured, measurement) = TrainedPrediction.Measure(prediction, [probed], data, target, plan,
            new MeasurementOptions(setting.Samples, (ulong)s.Seed, setting.Bootstrap, ControlVariate: false, SinkhornSamples: Math.Min(setting.Samples, 1000), PathFit: true));
        return new MixtureResult(measured, measurement, probed.RSquared.ToArray(), timesteps.Select(timeline.TimeOf).ToArray());
    }

    private ExperimentRecord Record(Setting setting, IReadOnlyList<Cell> cells, (double Slope, double RelativeGap, string Sampler)[] secondOrder, double noiseRatio,
        JacobianResult jacobian, FigureRecord interaction, FigureRecord covariance, MixtureResult gmm, IReadOnlyDictionary<string, double> seconds)
    {
        var checks = new Checks();
        var agreeing = cells.Count(c => c.Covered || c.RelativeGap <= setting.Tolerance);
        checks.Add("cells whose prediction is inside the measured 95% interval or within the tolerance", agreeing, $"= {cells.Count} (tolerance {setting.Tolerance:P0})", agreeing == cells.Count);
        var discordant = 0;
        var resolved = 0;
        foreach (var length in setting.Lengths)
        {
            var row = cells.Where(c => c.Length == length).ToArray();
            for (var i = 0; i < row.Length; i++)
                for (var j = i + 1; j < row.Length; j++)
                {
                    var (a, b) = (row[i].Measurement, row[j].Measurement);
                    if (a.MeasuredCi95[1] >= b.MeasuredCi95[0] && b.MeasuredCi95[1] >= a.MeasuredCi95[0]) continue;
                    resolved++;
                    if (Math.Sign(a.Measured - b.Measured) != Math.Sign(row[i].Prediction.Predicted - row[j].Prediction.Predicted)) discordant++;
                }
        }
        checks.Add("pairs of samplers ordered differently by prediction and measurement, among pairs the measurement resolves", discordant, $"= 0 (of {resolved} resolved pairs)", discordant == 0);
        var spearman = SpearmanCorrelation.Compute(cells.Select(c => c.Prediction.Predicted).ToArray(), cells.Select(c => c.Measurement.Measured).ToArray());
        var minSlope = secondOrder.Min(x => x.Slope);
        checks.AtLeast("smallest slope of |surrogate - prediction| against the error scale (third order expected)", minSlope, 2.5);
        checks.InRange("fitting noise at B/2 over fitting noise at 2B (1/B law: 4)", noiseRatio, 2.5, 6.5);
        var jacobianRatio = jacobian.Linearised / jacobian.Direct;
        checks.InRange("§9 Jacobian-route Q over directly probed Q (late checkpoints)", jacobianRatio, 0.5, 2.0);
        var pathFirst = gmm.Measurement.PathAffineR2![0];
        var pathLast = gmm.Measurement.PathAffineR2![^1];
        checks.Add("gmm: affine R^2 of the network's score on the sampler's path, last evaluation below the first (modes separate near the data)", pathLast, $"< {pathFirst:G3}", pathLast < pathFirst);

        var numbers = new List<NumberRecord>
        {
            new("cells in agreement", (double)agreeing / cells.Count, Description: $"of {cells.Count} (training length, sampler) cells"),
            new("Spearman predicted vs measured", spearman.Coefficient, Description: $"p = {spearman.PValue:G3}, over all cells"),
            new("second-order slope (min over samplers)", minSlope),
            new("fitting noise ratio B/2 : 2B", noiseRatio),
            new("§9 Q ratio Jacobian / direct", jacobianRatio),
            new("gmm Sinkhorn W2^2", Math.Pow(gmm.Measurement.SinkhornW2 ?? double.NaN, 2)),
            new("gmm predicted E W2^2 (moment-matched Gaussian)", gmm.Prediction.Predicted),
        };

        var figures = new List<FigureRecord> { Scatter(cells) };
        figures.AddRange(setting.Samplers.Select(choice => PerSampler(cells.Where(c => c.Choice == choice).OrderBy(c => c.Length).ToArray(), choice)));
        figures.Add(covariance);
        figures.Add(jacobian.Figure);
        figures.Add(interaction);
        figures.Add(ReportFigures.Lines("gmm-affine-r2", $"gmm:{setting.GmmDim}: how affine the learned score is", "t", "R^2 of the affine fit",
        [
            ReportFigures.Series("network score on the sampler's path", gmm.Times, gmm.Measurement.PathAffineR2!, SeriesStyle.LineAndMarkers),
            ReportFigures.Series("observable residual under p_t", gmm.Times, gmm.ProbeR2, SeriesStyle.Dashed),
        ], logX: true, caption: "Near the data the mixture's score bends around four modes: no affine map fits it, so the Gaussian kernel sees only the first two moments."));

        var table = cells.Select(c => (IReadOnlyList<TableCell>)[
            c.Length, c.Choice.ToString(), c.Prediction.Predicted, $"[{c.Prediction.PredictedCi95[0]:G3}, {c.Prediction.PredictedCi95[1]:G3}]",
            c.Prediction.Surrogate, c.Measurement.Measured, $"[{c.Measurement.MeasuredCi95[0]:G3}, {c.Measurement.MeasuredCi95[1]:G3}]",
            c.Measurement.MeasuredPlain, c.Prediction.E0 + c.Prediction.Edisc, c.Prediction.SystematicFirst + c.Prediction.SystematicSecond, c.Prediction.Q,
            c.Covered ? "inside" : c.RelativeGap <= setting.Tolerance ? $"within {c.RelativeGap:P0}" : $"off by {c.RelativeGap:P0}"]).ToArray();
        var longest = cells.Where(c => c.Length == setting.Lengths.Max() && c.Choice == setting.Samplers[0]).Single();
        var members = longest.Prediction.MemberResults.Select(m => (IReadOnlyList<TableCell>)[
            m.Name, m.Predicted, m.Surrogate, m.Measured!.Value, $"[{m.Measured.Lower:G3}, {m.Measured.Upper:G3}]", m.MeasuredPlain!.Value]).ToArray();
        var gmmTable = new IReadOnlyList<TableCell>[]
        {
            ["predicted E W2^2 (moment-matched Gaussian)", gmm.Prediction.Predicted, $"[{gmm.Prediction.PredictedCi95[0]:G3}, {gmm.Prediction.PredictedCi95[1]:G3}]"],
            ["affine surrogate (exact)", gmm.Prediction.Surrogate, ""],
            ["W2^2 of the samples' Gaussian fit to the moment-matched Gaussian", gmm.Measurement.Measured, $"[{gmm.Measurement.MeasuredCi95[0]:G3}, {gmm.Measurement.MeasuredCi95[1]:G3}]"],
            ["Sinkhorn W2^2, samples vs data", Math.Pow(gmm.Measurement.SinkhornW2!.Value, 2), ""],
            ["Sinkhorn W2^2, data vs data (noise floor)", Math.Pow(gmm.Measurement.SinkhornFloor!.Value, 2), ""],
            ["E0 + Edisc of the Gaussian model", gmm.Prediction.E0 + gmm.Prediction.Edisc, ""],
        };
        return new ExperimentRecord(Name, Title,
            "§7: estimate the score error of a trained network from residuals on a common probability space, contract it with a sampler's kernel and predict that sampler's W2 before sampling, to compare samplers and step counts under one learned model; §9: the time-time covariance comes from training randomness (seeds, or parameter covariance through Jacobians).",
            checks.Verdict($"Across {cells.Count} (training length, sampler) cells the prediction agrees with what the networks' samples measure, ranks the samplers as the measurement does, and matches the affine surrogate to second order.",
                "The prediction on trained networks was not confirmed."),
            numbers, figures,
            [
                new TableRecord("Predicted, surrogate and measured E W2^2 (ensemble of seeds; measured with the affine surrogate as control variate)",
                    ["training steps", "sampler", "predicted", "95% interval", "surrogate", "measured", "95% interval", "measured (plain fit)", "E0 + Edisc", "systematic", "Q (seeds)", "agreement"], table),
                new TableRecord($"Single networks, {setting.Lengths.Max()} training steps, {setting.Samplers[0]}", ["network", "predicted", "surrogate", "measured", "95% interval", "measured (plain fit)"], members),
                new TableRecord($"gmm:{setting.GmmDim}, one network, {setting.GmmSampler}: where the Gaussian picture ends", ["quantity", "value", "95% interval"], gmmTable),
                new TableRecord("Second order: |surrogate - prediction| / surrogate at the fitted errors, and its slope in the error scale",
                    ["sampler", "relative gap", "slope"], secondOrder.Select(x => (IReadOnlyList<TableCell>)[x.Sampler, x.RelativeGap, x.Slope]).ToArray()),
            ]) { PartSeconds = seconds };
    }

    private static FigureRecord Scatter(IReadOnlyList<Cell> cells)
    {
        var points = cells.GroupBy(c => c.Choice).Select(g => ReportFigures.Series(g.Key.ToString(), g.Select(c => c.Measurement.Measured), g.Select(c => c.Prediction.Predicted))).ToArray();
        var lo = cells.Min(c => Math.Min(c.Measurement.Measured, c.Prediction.Predicted));
        var hi = cells.Max(c => Math.Max(c.Measurement.Measured, c.Prediction.Predicted));
        return ReportFigures.Scatter("predicted-vs-measured", "Predicted against measured E W2^2", "measured E W2^2", "predicted E W2^2",
            points, [ReportFigures.ReferenceSlope("predicted = measured", 1, lo, lo, lo, hi)], logX: true, logY: true,
            caption: "Ensemble of seeds per training length; measured = mean over networks of the bias-corrected W2^2 of the Gaussian fit of their samples.");
    }

    private static FigureRecord PerSampler(IReadOnlyList<Cell> cells, SamplerChoice choice)
    {
        var lengths = cells.Select(c => (double)c.Length).ToArray();
        return ReportFigures.Lines($"sampler-{choice.Sampler}-{choice.Steps}", $"{choice}: predicted and measured over training", "training steps", "E W2^2",
        [
            ReportFigures.Band("predicted", lengths, cells.Select(c => c.Prediction.Predicted), cells.Select(c => c.Prediction.PredictedCi95[0]), cells.Select(c => c.Prediction.PredictedCi95[1]), SeriesStyle.LineAndMarkers),
            ReportFigures.Band("measured", lengths, cells.Select(c => c.Measurement.Measured), cells.Select(c => c.Measurement.MeasuredCi95[0]), cells.Select(c => c.Measurement.MeasuredCi95[1]), SeriesStyle.Markers),
            ReportFigures.Series("affine surrogate", lengths, cells.Select(c => c.Prediction.Surrogate), SeriesStyle.Dashed),
            ReportFigures.Series("E0 + Edisc (exact score)", lengths, cells.Select(c => c.Prediction.E0 + c.Prediction.Edisc), SeriesStyle.Dashed),
        ], logX: true, logY: true);
    }
}
