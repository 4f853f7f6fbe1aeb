using System.Text.Json.Serialization;
using ScoreProbe.Core;
using ScoreProbe.Neural.Native;

namespace ScoreProbe.Neural.Models;

/// <summary>Hyper-parameters that rebuild a <see cref="NoisePredictor"/>; stored in checkpoints as JSON with a <c>kind</c> tag.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "kind")]
[JsonDerivedType(typeof(UNetConfig), "unet")]
[JsonDerivedType(typeof(MlpConfig), "mlp")]
public abstract record ModelConfig
{
    /// <summary>Shape of one input example.</summary>
    [JsonIgnore]
    public abstract long[] SampleShape { get; }

    /// <summary>Builds the network with PyTorch's default initialisation (seed the global generator first).</summary>
    public NoisePredictor Build()
    {
        NativeLoader.EnsureLoaded();
        return Create();
    }

    /// <summary>Constructs the network; libtorch is loaded.</summary>
    protected abstract NoisePredictor Create();
}

/// <summary>Configuration of a <see cref="TimeConditionedMlp"/>.</summary>
public sealed record MlpConfig(int Dimension, int Width = 128, int Depth = 3, int TimeEmbeddingDimension = 64) : ModelConfig
{
    [JsonIgnore]
    public override long[] SampleShape => [Dimension];

    protected override NoisePredictor Create() => new TimeConditionedMlp(this);
}

/// <summary>
/// Configuration of a <see cref="UNet2D"/>, named after the diffusers <c>UNet2DModel</c> arguments it mirrors
/// (everything not listed takes the diffusers default).
/// </summary>
public sealed record UNetConfig(
    int InChannels,
    int SampleSize,
    IReadOnlyList<int> BlockOutChannels,
    int LayersPerBlock,
    IReadOnlyList<string> DownBlockTypes,
    IReadOnlyList<string> UpBlockTypes,
    int NormNumGroups = 32,
    int AttentionHeadDim = 8) : ModelConfig
{
    public const string DownBlock = "DownBlock2D";
    public const string AttnDownBlock = "AttnDownBlock2D";
    public const string UpBlock = "UpBlock2D";
    public const string AttnUpBlock = "AttnUpBlock2D";

    [JsonIgnore]
    public override long[] SampleShape => [InChannels, SampleSize, SampleSize];

    /// <summary><c>4 * block_out_channels[0]</c>, as in UNet2DModel.</summary>
    [JsonIgnore]
    public int TimeEmbeddingDimension => 4 * BlockOutChannels[0];

    protected override NoisePredictor Create() => new UNet2D(this);

    /// <summary>Throws <see cref="InvalidConfigurationException"/> naming the first inconsistent field (diffusers' name).</summary>
    public void Validate()
    {
        var levels = BlockOutChannels.Count;
        if (levels == 0) throw new InvalidConfigurationException("block_out_channels", "must have at least one entry");
        if (DownBlockTypes.Count != levels || UpBlockTypes.Count != levels)
            throw new InvalidConfigurationException("down_block_types",
                $"and up_block_types must have one entry per block_out_channels entry (got {DownBlockTypes.Count}, {UpBlockTypes.Count} and {levels})");
        if (DownBlockTypes.Any(t => t is not (DownBlock or AttnDownBlock)) || UpBlockTypes.Any(t => t is not (UpBlock or AttnUpBlock)))
            throw new InvalidConfigurationException("down_block_types", $"must be {DownBlock}/{AttnDownBlock}, and up_block_types {UpBlock}/{AttnUpBlock}");
        if (InChannels < 1) throw new InvalidConfigurationException("in_channels", $"must be >= 1 (got {InChannels})");
        if (LayersPerBlock < 1) throw new InvalidConfigurationException("layers_per_block", $"must be >= 1 (got {LayersPerBlock})");
        if (NormNumGroups < 1) throw new InvalidConfigurationException("norm_num_groups", $"must be >= 1 (got {NormNumGroups})");
        if (AttentionHeadDim < 1) throw new InvalidConfigurationException("attention_head_dim", $"must be >= 1 (got {AttentionHeadDim})");
        if (BlockOutChannels.Any(c => c < 1 || c % NormNumGroups != 0 || c % AttentionHeadDim != 0))
            throw new InvalidConfigurationException("block_out_channels",
                $"entries must be positive multiples of norm_num_groups ({NormNumGroups}) and attention_head_dim ({AttentionHeadDim}) (got {string.Join(", ", BlockOutChannels)})");
        if (BlockOutChannels[0] % 2 != 0)
            throw new InvalidConfigurationException("block_out_channels", $"first entry must be even, it is the sinusoidal embedding's width (got {BlockOutChannels[0]})");
        var factor = 1 << (levels - 1);
        if (SampleSize < factor || SampleSize % factor != 0)
            throw new InvalidConfigurationException("sample_size", $"{SampleSize} must be a multiple of 2^{levels - 1} = {factor}");
    }
}
