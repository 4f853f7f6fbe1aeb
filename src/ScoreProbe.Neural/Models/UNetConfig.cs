using System.Text.Json.Serialization;
using ScoreProbe.Core;

namespace ScoreProbe.Neural.Models;

/// <summary>
/// Configuration of a <see cref="UNet2D"/>: the arguments of diffusers' <c>UNet2DModel</c>, with the same names (snake_case
/// in JSON) and the same defaults. Every field with a meaning for unconditional sampling is implemented; the rest
/// (class conditioning, skip/FIR and cross-attention blocks) is rejected by <see cref="Validate"/> naming the field.
/// </summary>
/// <remarks>
/// Checkpoints written before the optional fields existed omit them and get the defaults, which are what
/// ScoreProbe's U-Net computed then.
/// </remarks>
public sealed record UNetConfig(
    int InChannels,
    int SampleSize,
    IReadOnlyList<int> BlockOutChannels,
    int LayersPerBlock,
    IReadOnlyList<string> DownBlockTypes,
    IReadOnlyList<string> UpBlockTypes,
    int NormNumGroups = 32,
    int? AttentionHeadDim = 8) : ModelConfig
{
    public const string DownBlock = "DownBlock2D";
    public const string AttnDownBlock = "AttnDownBlock2D";
    public const string ResnetDownsampleBlock = "ResnetDownsampleBlock2D";
    public const string UpBlock = "UpBlock2D";
    public const string AttnUpBlock = "AttnUpBlock2D";
    public const string ResnetUpsampleBlock = "ResnetUpsampleBlock2D";
    public const string MidBlock = "UNetMidBlock2D";

    public static IReadOnlyList<string> DownBlockKinds { get; } = [DownBlock, AttnDownBlock, ResnetDownsampleBlock];
    public static IReadOnlyList<string> UpBlockKinds { get; } = [UpBlock, AttnUpBlock, ResnetUpsampleBlock];
    public static IReadOnlyList<string> TimeEmbeddingKinds { get; } = ["positional", "fourier", "learned"];
    public static IReadOnlyList<string> Activations { get; } = ["silu", "swish", "mish", "gelu", "relu"];
    public static IReadOnlyList<string> TimeScaleShifts { get; } = ["default", "scale_shift"];
    public static IReadOnlyList<string> ResamplingKinds { get; } = ["conv", "resnet"];

    /// <summary>Output channels; null means <see cref="InChannels"/> (a noise predictor).</summary>
    public int? OutChannels { get; init; }

    /// <summary>Width when the sample is not square (diffusers' <c>sample_size</c> as a pair); null means square.</summary>
    public int? SampleWidth { get; init; }

    /// <summary><c>center_input_sample</c>: the input is mapped by <c>2 x - 1</c> first.</summary>
    public bool CenterInputSample { get; init; }

    /// <summary><c>positional</c> (sinusoidal), <c>fourier</c> (Gaussian Fourier features of log t) or <c>learned</c> (a table).</summary>
    public string TimeEmbeddingType { get; init; } = "positional";

    /// <summary>Width of the time embedding fed to the resnets; null means <c>4 * block_out_channels[0]</c>.</summary>
    public int? TimeEmbeddingDim { get; init; }

    /// <summary>Sinusoidal embedding order: <c>[cos, sin]</c> when true, <c>[sin, cos]</c> when false.</summary>
    public bool FlipSinToCos { get; init; } = true;

    /// <summary><c>freq_shift</c>: the frequencies are <c>10000^(-j / (half - freq_shift))</c>.</summary>
    public double FreqShift { get; init; }

    /// <summary><c>UNetMidBlock2D</c> (resnet, attention, resnet) or null for no mid block.</summary>
    public string? MidBlockType { get; init; } = MidBlock;

    /// <summary>The mid block's resnets and attention divide their output by this.</summary>
    public double MidBlockScaleFactor { get; init; } = 1;

    /// <summary>Padding of the stride-2 downsampling convolution; 0 pads one row and column at the end instead (asymmetric).</summary>
    public int DownsamplePadding { get; init; } = 1;

    /// <summary>Downsampler of <c>AttnDownBlock2D</c>: <c>conv</c> (stride-2 convolution) or <c>resnet</c> (a resnet with average pooling).</summary>
    public string DownsampleType { get; init; } = "conv";

    /// <summary>Upsampler of <c>AttnUpBlock2D</c>: <c>conv</c> (nearest 2x then 3x3 convolution) or <c>resnet</c>.</summary>
    public string UpsampleType { get; init; } = "conv";

    /// <summary>Dropout probability inside every resnet (training only).</summary>
    public double Dropout { get; init; }

    /// <summary>Non-linearity of the resnets: silu (= swish), mish, gelu or relu.</summary>
    public string ActFn { get; init; } = "silu";

    /// <summary>Groups of the mid block attention's GroupNorm; null means norm_num_groups with the default time scale-shift, none otherwise.</summary>
    public int? AttnNormNumGroups { get; init; }

    /// <summary>Epsilon of every GroupNorm.</summary>
    public double NormEps { get; init; } = 1e-5;

    /// <summary><c>default</c> (the time embedding is added before norm2) or <c>scale_shift</c> (norm2 output times 1 + scale, plus shift).</summary>
    public string ResnetTimeScaleShift { get; init; } = "default";

    /// <summary>Whether the mid block has its attention layer.</summary>
    public bool AddAttention { get; init; } = true;

    /// <summary>Table size of the <c>learned</c> time embedding.</summary>
    public int? NumTrainTimesteps { get; init; }

    [JsonIgnore]
    public override long[] SampleShape => [InChannels, SampleSize, SampleWidth ?? SampleSize];

    [JsonIgnore]
    public int OutputChannels => OutChannels ?? InChannels;

    /// <summary>Width of the time embedding: <c>time_embedding_dim</c> or <c>4 * block_out_channels[0]</c>.</summary>
    [JsonIgnore]
    public int TimeEmbeddingDimension => TimeEmbeddingDim ?? 4 * BlockOutChannels[0];

    /// <summary>Width of the raw time features entering the embedding MLP (twice the channels for Fourier features).</summary>
    [JsonIgnore]
    public int TimeFeatureDimension => TimeEmbeddingType == "fourier" ? 2 * BlockOutChannels[0] : BlockOutChannels[0];

    /// <summary>Head width of an attention layer over <paramref name="channels"/> (diffusers: one head when attention_head_dim is null).</summary>
    public int HeadDimension(int channels) => AttentionHeadDim ?? channels;

    /// <summary>Groups of the mid block attention's GroupNorm, or null for none (diffusers' rule for attn_norm_num_groups).</summary>
    [JsonIgnore]
    public int? MidAttentionGroups => AttnNormNumGroups ?? (ResnetTimeScaleShift == "default" ? NormNumGroups : null);

    protected override NoisePredictor Create() => new UNet2D(this);

    /// <summary>diffusers accepts a "UNetRes" prefix on block names and strips it.</summary>
    public static string CanonicalBlock(string name) => name.StartsWith("UNetRes", StringComparison.Ordinal) ? name[7..] : name;

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first field (diffusers' name) that is out of range or not supported.</summary>
    public void Validate()
    {
        var levels = BlockOutChannels.Count;
        if (levels == 0) throw new InvalidConfigurationException("block_out_channels", "must have at least one entry");
        if (DownBlockTypes.Count != levels || UpBlockTypes.Count != levels)
            throw new InvalidConfigurationException("down_block_types",
                $"and up_block_types must have one entry per block_out_channels entry (got {DownBlockTypes.Count}, {UpBlockTypes.Count} and {levels})");
        for (var i = 0; i < levels; i++)
        {
            if (!DownBlockKinds.Contains(CanonicalBlock(DownBlockTypes[i])))
                throw new InvalidConfigurationException("down_block_types",
                    $"entry {i} '{DownBlockTypes[i]}' is not supported; supported: {string.Join(", ", DownBlockKinds)}");
            if (!UpBlockKinds.Contains(CanonicalBlock(UpBlockTypes[i])))
                throw new InvalidConfigurationException("up_block_types",
                    $"entry {i} '{UpBlockTypes[i]}' is not supported; supported: {string.Join(", ", UpBlockKinds)}");
        }
        if (InChannels < 1) throw new InvalidConfigurationException("in_channels", $"must be >= 1 (got {InChannels})");
        if (OutputChannels < 1) throw new InvalidConfigurationException("out_channels", $"must be >= 1 (got {OutputChannels})");
        if (LayersPerBlock < 1) throw new InvalidConfigurationException("layers_per_block", $"must be >= 1 (got {LayersPerBlock})");
        if (NormNumGroups < 1) throw new InvalidConfigurationException("norm_num_groups", $"must be >= 1 (got {NormNumGroups})");
        for (var i = 0; i < levels; i++)
            if (BlockOutChannels[i] < 1 || BlockOutChannels[i] % NormNumGroups != 0)
                throw new InvalidConfigurationException("block_out_channels",
                    $"entry {i} ({BlockOutChannels[i]}) must be a positive multiple of norm_num_groups ({NormNumGroups})");
        var factor = 1 << (levels - 1);
        if (SampleSize < factor || SampleSize % factor != 0 || (SampleWidth is { } w && (w < factor || w % factor != 0)))
            throw new InvalidConfigurationException("sample_size", $"{SampleSize}x{SampleWidth ?? SampleSize} must be a multiple of 2^{levels - 1} = {factor}");
        if (AttentionHeadDim is < 1) throw new InvalidConfigurationException("attention_head_dim", $"must be >= 1 or null (got {AttentionHeadDim})");
        if (AttnNormNumGroups is < 1) throw new InvalidConfigurationException("attn_norm_num_groups", $"must be >= 1 or null (got {AttnNormNumGroups})");
        if (MidAttentionGroups is { } g && BlockOutChannels[^1] % g != 0)
            throw new InvalidConfigurationException("attn_norm_num_groups", $"{g} must divide the last block_out_channels entry ({BlockOutChannels[^1]})");
        if (!TimeEmbeddingKinds.Contains(TimeEmbeddingType))
            throw new InvalidConfigurationException("time_embedding_type", $"'{TimeEmbeddingType}' is not supported; supported: {string.Join(", ", TimeEmbeddingKinds)}");
        if (TimeEmbeddingType == "learned" && NumTrainTimesteps is not > 0)
            throw new InvalidConfigurationException("num_train_timesteps", "must be set (> 0) for the learned time embedding");
        if (TimeEmbeddingDim is < 1) throw new InvalidConfigurationException("time_embedding_dim", $"must be >= 1 or null (got {TimeEmbeddingDim})");
        if (TimeEmbeddingType == "positional" && !(BlockOutChannels[0] / 2 - FreqShift != 0 && double.IsFinite(FreqShift)))
            throw new InvalidConfigurationException("freq_shift", $"{FreqShift} makes the sinusoidal frequencies divide by zero");
        if (MidBlockType is not (null or MidBlock))
            throw new InvalidConfigurationException("mid_block_type", $"'{MidBlockType}' is not supported; supported: {MidBlock} or null");
        if (!(MidBlockScaleFactor > 0 && double.IsFinite(MidBlockScaleFactor)))
            throw new InvalidConfigurationException("mid_block_scale_factor", $"must be a finite number > 0 (got {MidBlockScaleFactor})");
        if (DownsamplePadding < 0) throw new InvalidConfigurationException("downsample_padding", $"must be >= 0 (got {DownsamplePadding})");
        if (!ResamplingKinds.Contains(DownsampleType))
            throw new InvalidConfigurationException("downsample_type", $"'{DownsampleType}' is not supported; supported: {string.Join(", ", ResamplingKinds)}");
        if (!ResamplingKinds.Contains(UpsampleType))
            throw new InvalidConfigurationException("upsample_type", $"'{UpsampleType}' is not supported; supported: {string.Join(", ", ResamplingKinds)}");
        if (!(Dropout >= 0 && Dropout < 1)) throw new InvalidConfigurationException("dropout", $"must lie in [0, 1) (got {Dropout})");
        if (!Activations.Contains(ActFn.ToLowerInvariant()))
            throw new InvalidConfigurationException("act_fn", $"'{ActFn}' is not supported; supported: {string.Join(", ", Activations)}");
        if (!(NormEps > 0 && double.IsFinite(NormEps))) throw new InvalidConfigurationException("norm_eps", $"must be a finite number > 0 (got {NormEps})");
        if (!TimeScaleShifts.Contains(ResnetTimeScaleShift))
            throw new InvalidConfigurationException("resnet_time_scale_shift", $"'{ResnetTimeScaleShift}' is not supported; supported: {string.Join(", ", TimeScaleShifts)}");
    }
}
