using System.Text.Json.Nodes;
using ScoreProbe.Core;
using ScoreProbe.Neural.Models;

namespace ScoreProbe.Neural.Pretrained;

/// <summary>
/// diffusers' <c>UNet2DModel</c> <c>config.json</c> and <see cref="UNetConfig"/>, field for field (same names, same
/// defaults). Fields ScoreProbe does not implement (class conditioning) or does not know are one-line errors naming the field.
/// </summary>
public static class DiffusersUNetConfig
{
    public const string ClassName = "UNet2DModel";

    /// <summary>The fields of UNet2DModel that ScoreProbe reads (everything else but bookkeeping is an error).</summary>
    public static IReadOnlyList<string> Fields { get; } =
    [
        "sample_size", "in_channels", "out_channels", "center_input_sample", "time_embedding_type", "time_embedding_dim",
        "freq_shift", "flip_sin_to_cos", "down_block_types", "mid_block_type", "up_block_types", "block_out_channels",
        "layers_per_block", "mid_block_scale_factor", "downsample_padding", "downsample_type", "upsample_type", "dropout",
        "act_fn", "attention_head_dim", "norm_num_groups", "attn_norm_num_groups", "norm_eps", "resnet_time_scale_shift",
        "add_attention", "class_embed_type", "num_class_embeds", "num_train_timesteps",
    ];

    /// <summary>Reads and validates a config; errors name <paramref name="path"/> and the field.</summary>
    public static UNetConfig Read(string path)
    {
        var f = ConfigFields.Load(path);
        var className = f.NullableString("_class_name", null);
        if (className is not null && className != ClassName)
            throw f.Problem("_class_name", $"is '{className}'; ScoreProbe loads {ClassName} models only");
        if (f.NullableString("class_embed_type", null) is { } classEmbedding)
            throw f.Problem("class_embed_type", $"'{classEmbedding}' makes a class-conditional model; ScoreProbe samples unconditional models only (set it to null)");
        if (f.NullableInt("num_class_embeds") is { } classes)
            throw f.Problem("num_class_embeds", $"{classes} makes a class-conditional model; ScoreProbe samples unconditional models only (set it to null)");
        var channels = f.IntList("block_out_channels") ?? [224, 448, 672, 896];
        var size = f.IntOrPair("sample_size") ?? throw f.Problem("sample_size", "is missing; ScoreProbe needs the sample height and width");
        var config = new UNetConfig(
            f.Int("in_channels", 3), size.Height, channels, f.Int("layers_per_block", 2),
            f.StringList("down_block_types") ?? ["DownBlock2D", "AttnDownBlock2D", "AttnDownBlock2D", "AttnDownBlock2D"],
            f.StringList("up_block_types") ?? ["AttnUpBlock2D", "AttnUpBlock2D", "AttnUpBlock2D", "UpBlock2D"],
            f.Int("norm_num_groups", 32),
            f.Has("attention_head_dim") ? f.NullableInt("attention_head_dim") : 8)
        {
            OutChannels = f.Int("out_channels", 3),
            SampleWidth = size.Width == size.Height ? null : size.Width,
            CenterInputSample = f.Bool("center_input_sample", false),
            TimeEmbeddingType = f.String("time_embedding_type", "positional"),
            TimeEmbeddingDim = f.NullableInt("time_embedding_dim"),
            FreqShift = f.Double("freq_shift", 0),
            FlipSinToCos = f.Bool("flip_sin_to_cos", true),
            MidBlockType = f.NullableString("mid_block_type", UNetConfig.MidBlock),
            MidBlockScaleFactor = f.Double("mid_block_scale_factor", 1),
            DownsamplePadding = f.Int("downsample_padding", 1),
            DownsampleType = f.String("downsample_type", "conv"),
            UpsampleType = f.String("upsample_type", "conv"),
            Dropout = f.Double("dropout", 0),
            ActFn = f.String("act_fn", "silu"),
            AttnNormNumGroups = f.NullableInt("attn_norm_num_groups"),
            NormEps = f.Double("norm_eps", 1e-5),
            ResnetTimeScaleShift = f.String("resnet_time_scale_shift", "default"),
            AddAttention = f.Bool("add_attention", true),
            NumTrainTimesteps = f.NullableInt("num_train_timesteps"),
        };
        if (f.Unread.FirstOrDefault() is { } unknown)
            throw f.Problem(unknown, $"is not a {ClassName} option ScoreProbe knows; known: {string.Join(", ", Fields)}");
        return f.Checked(config, config.Validate);
    }

    /// <summary>The <c>config.json</c> diffusers' <c>save_pretrained</c> would write for <paramref name="config"/>.</summary>
    public static JsonObject ToJson(UNetConfig config)
    {
        config.Validate();
        JsonNode? Size() => config.SampleWidth is { } w ? new JsonArray(config.SampleSize, w) : config.SampleSize;
        return new JsonObject
        {
            ["_class_name"] = ClassName,
            ["_diffusers_version"] = "0.40.0.dev0",
            ["act_fn"] = config.ActFn,
            ["add_attention"] = config.AddAttention,
            ["attention_head_dim"] = config.AttentionHeadDim,
            ["attn_norm_num_groups"] = config.AttnNormNumGroups,
            ["block_out_channels"] = new JsonArray(config.BlockOutChannels.Select(c => (JsonNode)c).ToArray()),
            ["center_input_sample"] = config.CenterInputSample,
            ["class_embed_type"] = null,
            ["down_block_types"] = new JsonArray(config.DownBlockTypes.Select(t => (JsonNode)t).ToArray()),
            ["downsample_padding"] = config.DownsamplePadding,
            ["downsample_type"] = config.DownsampleType,
            ["dropout"] = config.Dropout,
            ["flip_sin_to_cos"] = config.FlipSinToCos,
            ["freq_shift"] = config.FreqShift,
            ["in_channels"] = config.InChannels,
            ["layers_per_block"] = config.LayersPerBlock,
            ["mid_block_scale_factor"] = config.MidBlockScaleFactor,
            ["mid_block_type"] = config.MidBlockType,
            ["norm_eps"] = config.NormEps,
            ["norm_num_groups"] = config.NormNumGroups,
            ["num_class_embeds"] = null,
            ["num_train_timesteps"] = config.NumTrainTimesteps,
            ["out_channels"] = config.OutputChannels,
            ["resnet_time_scale_shift"] = config.ResnetTimeScaleShift,
            ["sample_size"] = Size(),
            ["time_embedding_dim"] = config.TimeEmbeddingDim,
            ["time_embedding_type"] = config.TimeEmbeddingType,
            ["up_block_types"] = new JsonArray(config.UpBlockTypes.Select(t => (JsonNode)t).ToArray()),
            ["upsample_type"] = config.UpsampleType,
        };
    }
}
