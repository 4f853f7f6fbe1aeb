using System.Diagnostics;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Imaging;
using ScoreProbe.Neural.Training;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// All metrics of one checkpoint under one seed from a single reverse run of the largest sample count: the states kept
/// along the way give the xi series of SIEM (full and first 10%), the final samples FID and the Sinkhorn W2 against as
/// many real samples. Each smaller sample count of <see cref="StudyOptions.Subsets"/> repeats every metric on the first n
/// generated states and real samples (a fresh density-ratio classifier per step, as at full size).
/// </summary>
public sealed class CheckpointEvaluator(StudyOptions options, IDataset real, IFeatureExtractor features)
{
    /// <param name="run">Run name, carried into the result.</param>
    /// <param name="data">The run's data spec, carried into the result.</param>
    /// <param name="checkpoint">The network to evaluate.</param>
    /// <param name="checkpointSha256">SHA-256 of the checkpoint file, carried into the result.</param>
    /// <param name="seed">Evaluation seed: the noise, the reference draws and the classifiers all derive from it.</param>
    /// <param name="sampleGridPath">Where to write a PNG grid of the first generated samples (image data only), or null.</param>
    /// <param name="progress">(stage, done, total).</param>
    public CheckpointEvaluation Evaluate(string run, string data, Checkpoint checkpoint, string checkpointSha256, ulong seed,
        string? sampleGridPath = null, Action<string, int, int>? progress = null)
    {
        var schedule = NoiseSchedule.Create(checkpoint.Config.BetaSchedule, checkpoint.Config.TrainTimesteps);
        var siemOptions = options.Siem with { Range = SiemRange.Full };
        var evaluator = new SiemEvaluator(schedule, siemOptions, DensityRatioEstimators.Open(options.Ratio, real, schedule));
        var model = checkpoint.SamplingModel;
        using var trajectory = evaluator.Sample(model, options.Samples, seed, progress);
        using var realSamples = ReferenceData.DrawForEvaluation(real, options.Samples, seed);
        if (sampleGridPath is not null && trajectory.Run.Samples.dim() == 4) ImageGrid.WriteSampleGrid(trajectory.Run.Samples, sampleGridPath);

        var sizes = new List<SampleSizeEvaluation>();
        MetricCosts? costs = null;
        foreach (var n in options.SampleSizes)
        {
            using var scope = NewDisposeScope();
            var prefix = n == options.Samples ? trajectory : Prefix(trajectory, n);
            var siem = evaluator.Evaluate(model, real, prefix, seed, progress);
            var generated = prefix.Run.Samples;
            var reference = realSamples.narrow(0, 0, n);
            var clock = Stopwatch.StartNew();
            var fid = FrechetFeatureDistance.Compute(features, reference, generated);
            var fidSeconds = clock.Elapsed.TotalSeconds;
            clock.Restart();
            var w2 = SinkhornDivergence.W2(reference.reshape(n, -1), generated.reshape(n, -1), options.Sinkhorn);
            var w2Seconds = clock.Elapsed.TotalSeconds;
            sizes.Add(new SampleSizeEvaluation(n, siem.Points, fid, w2));
            if (n == options.Samples) costs = Costs(schedule.Length, siemOptions, trajectory.Seconds, siem, fidSeconds, w2Seconds);
        }
        return new CheckpointEvaluation(run, data, checkpoint.Step, seed, checkpointSha256, sizes, costs!);
    }

    /// <summary>The first <paramref name="n"/> samples and captured states (views of the full run, not copies).</summary>
    private static SiemTrajectory Prefix(SiemTrajectory trajectory, int n) =>
        new(new SampleResult(trajectory.Run.Samples.narrow(0, 0, n), trajectory.Run.Trajectory.ToDictionary(kv => kv.Key, kv => kv.Value.narrow(0, 0, n))),
            trajectory.Seconds);

    private static MetricCosts Costs(int total, SiemOptions siem, double sampling, SiemResult result, double fidSeconds, double w2Seconds)
    {
        var firstShare = (double)SiemOptions.FirstRangeLength(total) / total;
        return new MetricCosts(sampling,
            sampling + result.StepSeconds(siem.FullTimesteps(total)),
            sampling * firstShare + result.StepSeconds(siem.FirstTimesteps(total)),
            sampling + fidSeconds, sampling + w2Seconds);
    }
}
