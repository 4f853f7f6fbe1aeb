using System.Diagnostics;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Imaging;
using ScoreProbe.Neural.Training;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// All metrics of one checkpoint under one seed from a single reverse run: the states kept along the way give SIEM
/// (full and first 10%) and <c>||mu_t||</c>, the final samples give FID and the Sinkhorn W2 against as many real samples.
/// </summary>
public sealed class CheckpointEvaluator(StudyOptions options, IDataset real, IFeatureExtractor features)
{
    /// <param name="run">Run name, carried into the result.</param>
    /// <param name="checkpoint">The network to evaluate.</param>
    /// <param name="seed">Evaluation seed: the noise, the reference draws and the classifiers all derive from it.</param>
    /// <param name="sampleGridPath">Where to write a PNG grid of the first generated samples (image data only), or null.</param>
    /// <param name="progress">(stage, done, total).</param>
    public CheckpointMetrics Evaluate(string run, Checkpoint checkpoint, ulong seed, string? sampleGridPath = null, Action<string, int, int>? progress = null)
    {
        var schedule = checkpoint.Config.CreateNoiseSchedule();
        var siemOptions = options.Siem with { Range = SiemRange.Full };
        var evaluator = new SiemEvaluator(schedule, siemOptions, DensityRatioEstimators.Open(options.Ratio, real, schedule));
        var model = checkpoint.SamplingModel;
        using var trajectory = evaluator.Sample(model, options.Samples, seed, progress);
        var siem = evaluator.Evaluate(model, real, trajectory, seed, progress);

        using var realSamples = ReferenceData.DrawForEvaluation(real, options.Samples, seed);
        var generated = trajectory.Run.Samples;
        if (sampleGridPath is not null && generated.dim() == 4) ImageGrid.WriteSampleGrid(generated, sampleGridPath);
        var clock = Stopwatch.StartNew();
        var fid = FrechetFeatureDistance.Compute(features, realSamples, generated);
        var fidSeconds = clock.Elapsed.TotalSeconds;
        clock.Restart();
        using var realFlat = realSamples.reshape(options.Samples, -1);
        using var generatedFlat = generated.reshape(options.Samples, -1);
        var w2 = SinkhornDivergence.W2(realFlat, generatedFlat, options.Sinkhorn);
        var w2Seconds = clock.Elapsed.TotalSeconds;

        var total = schedule.Length;
        var sampling = trajectory.Seconds;
        var firstShare = (double)SiemOptions.FirstRangeLength(total) / total;
        var costs = new MetricCosts(sampling,
            sampling + siem.StepSeconds(siemOptions.FullTimesteps(total)),
            sampling * firstShare + siem.StepSeconds(siemOptions.FirstTimesteps(total)),
            sampling + fidSeconds, sampling + w2Seconds);
        return new CheckpointMetrics(run, checkpoint.Step, seed, siem.Full!.Siem, siem.Full.MuNorm, siem.First10.Siem, siem.First10.MuNorm, fid, w2, costs);
    }
}
