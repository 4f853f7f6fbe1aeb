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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        if (Steps < 1) throw new ArgumentException($"steps must be >= 1 (got {Steps})");
        if (BatchSize < 1) throw new ArgumentException($"batch must be >= 1 (got {BatchSize})");
        if (!(LearningRate > 0)) throw new ArgumentException($"learning rate must be > 0 (got {LearningRate})");
        if (WarmupSteps < 0) throw new ArgumentException($"warm-up steps must be >= 0 (got {WarmupSteps})");
        if (!(GradientClipNorm > 0)) throw new ArgumentException($"gradient clip norm must be > 0 (got {GradientClipNorm})");
        if (EmaDecay is { } d && !(d > 0 && d < 1)) throw new ArgumentException($"EMA decay must be in (0, 1) (got {d})");
        if (TrainTimesteps < 2) throw new ArgumentException($"train timesteps must be >= 2 (got {TrainTimesteps})");
        if (Checkpoints.Count == 0 || Checkpoints.Any(c => c < 1 || c > Steps))
            throw new ArgumentException($"checkpoints must be non-empty and within 1..{Steps}");
        if (Checkpoints.Zip(Checkpoints.Skip(1)).Any(p => p.Second <= p.First))
            throw new ArgumentException("checkpoints must be strictly increasing");
    }
}
