using ScoreProbe.Core;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// The fields of diffusers' <c>DDPMScheduler</c> / <c>DDIMScheduler</c> configs that determine sampling, with diffusers'
/// defaults. <see cref="BuildSchedule"/> forms the constants exactly as diffusers does in float32; <see cref="Create"/>
/// builds the DDPM (ancestral) or DDIM scheduler, the way DDIMPipeline converts any scheduler config to DDIM.
/// </summary>
public sealed record SchedulerConfig
{
    public const string DdpmClass = "DDPMScheduler";
    public const string DdimClass = "DDIMScheduler";

    /// <summary><c>_class_name</c>: DDPMScheduler or DDIMScheduler.</summary>
    public string ClassName { get; init; } = DdpmClass;

    public int NumTrainTimesteps { get; init; } = 1000;

    public double BetaStart { get; init; } = 1e-4;

    public double BetaEnd { get; init; } = 0.02;

    public BetaSchedule BetaSchedule { get; init; } = BetaSchedule.Linear;

    /// <summary>Explicit betas (<c>trained_betas</c>), used when <see cref="BetaSchedule"/> is Trained.</summary>
    public IReadOnlyList<double>? TrainedBetas { get; init; }

    public VarianceType VarianceType { get; init; } = VarianceType.FixedSmall;

    public bool ClipSample { get; init; } = true;

    public double ClipSampleRange { get; init; } = 1;

    public PredictionType PredictionType { get; init; } = PredictionType.Epsilon;

    /// <summary>Dynamic thresholding of x0_hat (Imagen): clip to the per-sample quantile s of |x0_hat|, divide by s.</summary>
    public bool Thresholding { get; init; }

    public double DynamicThresholdingRatio { get; init; } = 0.995;

    public double SampleMaxValue { get; init; } = 1;

    public TimestepSpacing TimestepSpacing { get; init; } = TimestepSpacing.Leading;

    public int StepsOffset { get; init; }

    /// <summary>DDIM: the last step's "previous" alphabar is 1 (else alphabar_0).</summary>
    public bool SetAlphaToOne { get; init; } = true;

    /// <summary>Rescale the betas to zero terminal SNR (Lin et al. 2024, Algorithm 1).</summary>
    public bool RescaleBetasZeroSnr { get; init; }

    /// <summary>
    /// True for configs read from diffusers (constants and arithmetic in float32, as diffusers); false for ScoreProbe's
    /// own training schedules, which are exact in double.
    /// </summary>
    public bool Float32 { get; init; } = true;

    /// <summary>The schedule of a ScoreProbe training run (double precision, x0 clipping for images only).</summary>
    public static SchedulerConfig ForTraining(BetaSchedule kind, int trainTimesteps, bool clipSample) =>
        new() { BetaSchedule = kind, NumTrainTimesteps = trainTimesteps, ClipSample = clipSample, Float32 = false };

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first field (diffusers' spelling) out of range.</summary>
    public void Validate()
    {
        if (ClassName is not (DdpmClass or DdimClass))
            throw new InvalidConfigurationException("_class_name", $"'{ClassName}' is not supported; supported: {DdpmClass}, {DdimClass}");
        if (NumTrainTimesteps < 2) throw new InvalidConfigurationException("num_train_timesteps", $"must be >= 2 (got {NumTrainTimesteps})");
        if (BetaSchedule == BetaSchedule.Trained)
        {
            if (TrainedBetas is null || TrainedBetas.Count != NumTrainTimesteps)
                throw new InvalidConfigurationException("trained_betas", $"must list num_train_timesteps = {NumTrainTimesteps} betas (got {TrainedBetas?.Count ?? 0})");
        }
        else if (!(BetaStart > 0 && BetaEnd > 0 && BetaStart < 1 && BetaEnd < 1) && BetaSchedule != BetaSchedule.SquaredCosCapV2)
        {
            throw new InvalidConfigurationException("beta_start", $"and beta_end must lie in (0, 1) (got {BetaStart} and {BetaEnd})");
        }
        if (!(ClipSampleRange > 0)) throw new InvalidConfigurationException("clip_sample_range", $"must be > 0 (got {ClipSampleRange})");
        if (Thresholding && !(DynamicThresholdingRatio > 0 && DynamicThresholdingRatio <= 1))
            throw new InvalidConfigurationException("dynamic_thresholding_ratio", $"must lie in (0, 1] (got {DynamicThresholdingRatio})");
        if (Thresholding && !(SampleMaxValue >= 1))
            throw new InvalidConfigurationException("sample_max_value", $"must be >= 1 (got {SampleMaxValue})");
        if (StepsOffset < 0) throw new InvalidConfigurationException("steps_offset", $"must be >= 0 (got {StepsOffset})");
    }

    /// <summary>The noise schedule: diffusers' float32 constants when <see cref="Float32"/>, else ScoreProbe's exact double ones.</summary>
    public NoiseSchedule BuildSchedule()
    {
        Validate();
        return Float32 ? DiffusersConstants.Schedule(this) : NoiseSchedule.Create(BetaSchedule, NumTrainTimesteps);
    }

    /// <summary>The scheduler for <paramref name="sampler"/> (<c>ddpm</c> or <c>ddim</c>) on this config.</summary>
    public IDiffusionScheduler Create(string sampler, double eta = 0) => sampler switch
    {
        "ddpm" => new DdpmScheduler(BuildSchedule(), this),
        "ddim" => new DdimScheduler(BuildSchedule(), this, eta),
        _ => throw new InvalidConfigurationException("sampler", $"must be ddpm or ddim (got '{sampler}')"),
    };

    /// <summary>The sampler diffusers' pipeline for this scheduler class would use.</summary>
    public string DefaultSampler => ClassName == DdimClass ? "ddim" : "ddpm";
}
