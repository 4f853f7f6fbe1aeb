using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Training;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// Samples for FID and W2 as Appendix B.4 draws them: the full T-step DDPM reverse process (diffusers' DDPMPipeline;
/// x0-clipping to [-1, 1] for images only, vector data are not bounded).
/// </summary>
public static class ModelSamples
{
    /// <param name="checkpoint">The model (EMA weights when the run kept them).</param>
    /// <param name="count">Number of samples.</param>
    /// <param name="seed">Seed of the initial noise and every step's noise.</param>
    /// <param name="progress">(finished reverse steps, total) over all batches.</param>
    public static SampleResult Generate(Checkpoint checkpoint, int count, ulong seed, Action<int, int>? progress = null)
    {
        var schedule = checkpoint.Config.CreateNoiseSchedule();
        var model = checkpoint.SamplingModel;
        var scheduler = new DdpmScheduler(schedule, clipSample: model.Config.SampleShape.Length == 3);
        return new Sampler(scheduler).Sample(model, count, schedule.Length, seed, progress: progress);
    }
}
