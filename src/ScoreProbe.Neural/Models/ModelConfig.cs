using System.Text.Json.Serialization;
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

    /// <summary>Throws <see cref="ArgumentException"/> naming the first inconsistency.</summary>
    public void Validate()
    {
        var levels = BlockOutChannels.Count;
        if (levels == 0 || DownBlockTypes.Count != levels || UpBlockTypes.Count != levels)
            throw new ArgumentException($"block_out_channels, down and up block types must have one entry per level (got {levels}, {DownBlockTypes.Count}, {UpBlockTypes.Count})");
        if (DownBlockTypes.Any(t => t is not (DownBlock or AttnDownBlock)) || UpBlockTypes.Any(t => t is not (UpBlock or AttnUpBlock)))
            throw new ArgumentException($"block types must be {DownBlock}/{AttnDownBlock} down and {UpBlock}/{AttnUpBlock} up");
        if (BlockOutChannels.Any(c => c % NormNumGroups != 0))
            throw new ArgumentException($"every block_out_channels entry must be a multiple of norm_num_groups {NormNumGroups}");
        if (SampleSize % (1 << (levels - 1)) != 0)
            throw new ArgumentException($"sample size {SampleSize} must be divisible by 2^{levels - 1}");
        if (LayersPerBlock < 1) throw new ArgumentException("layers_per_block must be >= 1");
    }
}
