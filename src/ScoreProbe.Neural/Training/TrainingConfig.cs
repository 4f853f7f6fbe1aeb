using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Models;

namespace ScoreProbe.Neural.Training;

/// <summary>
/// Everything that determines a training run. Defaults follow seed 004, Appendix B.3: AdamW (lr 1e-4, betas 0.9/0.999,
/// weight decay 0.01, PyTorch's default), cosine learning-rate decay after a 500-step linear warm-up, batch 128,
/// gradient-norm clipping at 1.0, no EMA, 1000 linear DDPM timesteps.
/// </summary>
public sealed record TrainingConfig
{
    /// <summary>Data set specification, e.g. <c>mnist</c>, <c>gaussian</c>, <c>images:PATH</c> (see <c>DatasetSpec</c>).</summary>
    public required string Data { get; init; }

    /// <summary>Preset name the model came from.</summary>
    public required string ModelName { get; init; }

    public required ModelConfig Model { get; init; }

    public required int Steps { get; init; }

    public int BatchSize { get; init; } = 128;

    public double LearningRate { get; init; } = 1e-4;

    public int WarmupSteps { get; init; } = 500;

    public double WeightDecay { get; init; } = 0.01;

    public double GradientClipNorm { get; init; } = 1.0;

    /// <summary>EMA decay of the weights, or null for none (Appendix B.3 uses none).</summary>
    public double? EmaDecay { get; init; }

    public InitScheme Init { get; init; } = InitScheme.Default;

    public ulong Seed { get; init; }

    public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.Linear;

    public int TrainTimesteps { get; init; } = 1000;

    /// <summary>Steps after which a checkpoint is written (sorted, within 1..Steps).</summary>
    public required IReadOnlyList<int> Checkpoints { get; init; }

    /// <summary>Checkpoint steps 100, 200, 400, ... doubling up to <paramref name="steps"/>, plus the last step.</summary>
    public static IReadOnlyList<int> DoublingCheckpoints(int steps, int first = 100)
    {
        var list = new List<int>();
        for (long s = first; s < steps; s *= 2) list.Add((int)s);
        list.Add(steps);
        return list;
    }

    /// <summary>Largest accepted peak learning rate (see <see cref="Validate"/>).</summary>
    public const double MaxLearningRate = 1.0;

    /// <summary>The DDPM noise schedule the run trains (and its checkpoints sample) with.</summary>
    public NoiseSchedule CreateNoiseSchedule() => NoiseSchedule.Create(BetaSchedule, TrainTimesteps);

    /// <summary>
    /// Throws <see cref="InvalidConfigurationException"/> naming the first invalid setting by its engine name
    /// (<c>steps</c>, <c>batch-size</c>, <c>learning-rate</c>, <c>warmup-steps</c>, <c>weight-decay</c>,
    /// <c>gradient-clip-norm</c>, <c>ema-decay</c>, <c>train-timesteps</c>, <c>checkpoints</c>).
    /// </summary>
    /// <remarks>
    /// The learning rate must lie in (0, <see cref="MaxLearningRate"/>]: AdamW moves every weight by about the learning
    /// rate per step whatever the gradient's scale, so a rate above 1 moves weights of size ~0.1 by ten times their size
    /// in one step, and 1e10 or inf make every weight NaN at once. DDPM training uses 1e-4 (Appendix B.3) to 1e-3.
    /// </remarks>
    public void Validate()
    {
        Guard.AtLeast("steps", Steps, 1);
        Guard.AtLeast("batch-size", BatchSize, 1);
        if (!(double.IsFinite(LearningRate) && LearningRate > 0 && LearningRate <= MaxLearningRate))
            throw new InvalidConfigurationException("learning-rate",
                $"must be a finite number in (0, {MaxLearningRate}] (got {Guard.Show(LearningRate)}); DDPM training uses 1e-4 to 1e-3");
        Guard.AtLeast("warmup-steps", WarmupSteps, 0);
        Guard.NonNegative("weight-decay", WeightDecay);
        Guard.Positive("gradient-clip-norm", GradientClipNorm);
        if (EmaDecay is { } decay) Guard.InOpenRange("ema-decay", decay, 0, 1, "0.999 is typical");
        Guard.AtLeast("train-timesteps", TrainTimesteps, 2);
        if (Checkpoints.Count == 0 || Checkpoints.Any(c => c < 1 || c > Steps))
            throw new InvalidConfigurationException("checkpoints", $"must be non-empty and within 1..{Steps} (the last step)");
        if (Checkpoints.Zip(Checkpoints.Skip(1)).Any(p => p.Second <= p.First))
            throw new InvalidConfigurationException("checkpoints", "must be strictly increasing");
    }
}
