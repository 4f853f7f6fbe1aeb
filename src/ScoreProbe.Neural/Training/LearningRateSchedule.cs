namespace ScoreProbe.Neural.Training;

/// <summary>
/// Linear warm-up then cosine decay, as <c>transformers.get_cosine_schedule_with_warmup</c> (one half-cycle):
/// factor(k) = k / W for k &lt; W, else <c>(1 + cos(pi (k - W) / (K - W))) / 2</c>, for optimiser step k = 0..K-1.
/// </summary>
public static class LearningRateSchedule
{
    public static double Factor(int step, int warmupSteps, int totalSteps)
    {
        if (step < warmupSteps) return (double)step / Math.Max(1, warmupSteps);
        var progress = (double)(step - warmupSteps) / Math.Max(1, totalSteps - warmupSteps);
        return Math.Max(0, 0.5 * (1 + Math.Cos(Math.PI * progress)));
    }
}
