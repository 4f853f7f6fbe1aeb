using static TorchSharp.torch;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// The clean-sample estimate <c>x0_hat</c> and noise estimate <c>eps_hat</c> a DDPM/DDIM step derives from the network's
/// output at <c>(x_t, t)</c>, as diffusers' schedulers do, with <c>a = sqrt(abar)</c>, <c>b = sqrt(1 - abar)</c>:
/// epsilon: <c>x0 = (x_t - b out) / a</c>; sample: <c>x0 = out</c>, <c>eps = (x_t - a x0) / b</c>;
/// v: <c>x0 = a x_t - b out</c>, <c>eps = a out + b x_t</c>. Then x0 is clipped to [-r, r] or dynamically thresholded.
/// </summary>
internal static class DenoisedEstimate
{
    /// <summary>(x0_hat before clipping, eps_hat).</summary>
    public static (Tensor X0, Tensor Epsilon) Predict(SchedulerConfig config, NoiseSchedule schedule, double alphaBar, Tensor output, Tensor sample)
    {
        var betaProduct = schedule.Round(1 - alphaBar);
        var a = schedule.Round(Math.Sqrt(alphaBar));
        var b = schedule.Round(Math.Sqrt(betaProduct));
        return config.PredictionType switch
        {
            PredictionType.Sample => (output.alias(), (sample - output * a) / b),
            PredictionType.VPrediction => (sample * a - output * b, output * a + sample * b),
            _ => ((sample - output * b) / a, output.alias()),
        };
    }

    /// <summary>Clip to <c>[-clip_sample_range, clip_sample_range]</c>, or with thresholding the per-sample quantile rule.</summary>
    public static Tensor Clip(SchedulerConfig config, Tensor x0)
    {
        if (config.Thresholding)
        {
            using var scope = NewDisposeScope();
            var flat = x0.reshape(x0.shape[0], -1);
            using var q = tensor(config.DynamicThresholdingRatio, dtype: flat.dtype);
            var s = flat.abs().quantile(q, dim: 1).clamp(1, config.SampleMaxValue).unsqueeze(1);
            return (flat.clamp(-s, s) / s).reshape(x0.shape).MoveToOuterDisposeScope();
        }
        return config.ClipSample ? x0.clamp(-config.ClipSampleRange, config.ClipSampleRange) : x0.alias();
    }
}
