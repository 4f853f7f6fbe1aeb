using System.Text.Json.Nodes;
using ScoreProbe.Core;
using ScoreProbe.Neural.Diffusion;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// diffusers' <c>scheduler_config.json</c> for <c>DDPMScheduler</c> and <c>DDIMScheduler</c> and <see cref="SchedulerConfig"/>.
/// Fields of other schedulers are ignored (as diffusers' <c>from_config</c> does); options that change the step in ways
/// ScoreProbe does not implement (learned variances, the laplace schedule) are one-line errors naming the field.
/// </summary>
public static class DiffusersSchedulerConfig
{
    public const string FileName = "scheduler_config.json";

    public static SchedulerConfig Read(string path)
    {
        var f = ConfigFields.Load(path);
        var className = f.String("_class_name", SchedulerConfig.DdpmClass);
        if (className is not (SchedulerConfig.DdpmClass or SchedulerConfig.DdimClass))
            throw f.Problem("_class_name", $"is '{className}'; ScoreProbe samples with {SchedulerConfig.DdpmClass} or {SchedulerConfig.DdimClass} configs");
        var trained = f.DoubleList("trained_betas");
        var schedule = trained is not null ? BetaSchedule.Trained : f.String("beta_schedule", "linear") switch
        {
            "linear" => BetaSchedule.Linear,
            "scaled_linear" => BetaSchedule.ScaledLinear,
            "squaredcos_cap_v2" => BetaSchedule.SquaredCosCapV2,
            "sigmoid" => BetaSchedule.Sigmoid,
            var other => throw f.Problem("beta_schedule", $"'{other}' is not supported; supported: linear, scaled_linear, squaredcos_cap_v2, sigmoid, or trained_betas"),
        };
        var config = new SchedulerConfig
        {
            ClassName = className,
            NumTrainTimesteps = f.Int("num_train_timesteps", 1000),
            BetaStart = f.Double("beta_start", 1e-4),
            BetaEnd = f.Double("beta_end", 0.02),
            BetaSchedule = schedule,
            TrainedBetas = trained,
            VarianceType = f.String("variance_type", "fixed_small") switch
            {
                "fixed_small" => VarianceType.FixedSmall,
                "fixed_small_log" => VarianceType.FixedSmallLog,
                "fixed_large" => VarianceType.FixedLarge,
                var other => throw f.Problem("variance_type", $"'{other}' is not supported (a learned or log variance changes what the network outputs); supported: fixed_small, fixed_small_log, fixed_large"),
            },
            ClipSample = f.Bool("clip_sample", true),
            ClipSampleRange = f.Double("clip_sample_range", 1),
            PredictionType = f.String("prediction_type", "epsilon") switch
            {
                "epsilon" => PredictionType.Epsilon,
                "sample" => PredictionType.Sample,
                "v_prediction" => PredictionType.VPrediction,
                var other => throw f.Problem("prediction_type", $"'{other}' is not supported; supported: epsilon, sample, v_prediction"),
            },
            Thresholding = f.Bool("thresholding", false),
            DynamicThresholdingRatio = f.Double("dynamic_thresholding_ratio", 0.995),
            SampleMaxValue = f.Double("sample_max_value", 1),
            TimestepSpacing = f.String("timestep_spacing", "leading") switch
            {
                "leading" => TimestepSpacing.Leading,
                "trailing" => TimestepSpacing.Trailing,
                "linspace" => TimestepSpacing.Linspace,
                var other => throw f.Problem("timestep_spacing", $"'{other}' is not supported; supported: leading, trailing, linspace"),
            },
            StepsOffset = f.Int("steps_offset", 0),
            SetAlphaToOne = f.Bool("set_alpha_to_one", true),
            RescaleBetasZeroSnr = f.Bool("rescale_betas_zero_snr", false),
            Float32 = true,
        };
        return f.Checked(config, config.Validate);
    }

    /// <summary>The <c>scheduler_config.json</c> that rebuilds <paramref name="config"/> in diffusers.</summary>
    public static JsonObject ToJson(SchedulerConfig config)
    {
        var json = new JsonObject
        {
            ["_class_name"] = config.ClassName,
            ["_diffusers_version"] = "0.40.0.dev0",
            ["beta_end"] = config.BetaEnd,
            ["beta_schedule"] = config.BetaSchedule switch
            {
                BetaSchedule.ScaledLinear => "scaled_linear",
                BetaSchedule.SquaredCosCapV2 => "squaredcos_cap_v2",
                BetaSchedule.Sigmoid => "sigmoid",
                _ => "linear",
            },
            ["beta_start"] = config.BetaStart,
            ["clip_sample"] = config.ClipSample,
            ["clip_sample_range"] = config.ClipSampleRange,
            ["dynamic_thresholding_ratio"] = config.DynamicThresholdingRatio,
            ["num_train_timesteps"] = config.NumTrainTimesteps,
            ["prediction_type"] = config.PredictionType switch
            {
                PredictionType.Sample => "sample",
                PredictionType.VPrediction => "v_prediction",
                _ => "epsilon",
            },
            ["rescale_betas_zero_snr"] = config.RescaleBetasZeroSnr,
            ["sample_max_value"] = config.SampleMaxValue,
            ["steps_offset"] = config.StepsOffset,
            ["thresholding"] = config.Thresholding,
            ["timestep_spacing"] = config.TimestepSpacing.ToString().ToLowerInvariant(),
            ["trained_betas"] = config.TrainedBetas is { } betas ? new JsonArray(betas.Select(b => (JsonNode)b).ToArray()) : null,
        };
        if (config.ClassName == SchedulerConfig.DdimClass) json["set_alpha_to_one"] = config.SetAlphaToOne;
        else json["variance_type"] = config.VarianceType switch
        {
            VarianceType.FixedLarge => "fixed_large",
            VarianceType.FixedSmallLog => "fixed_small_log",
            _ => "fixed_small",
        };
        return json;
    }
}
