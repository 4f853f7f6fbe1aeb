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

    /// <summary>Builds the network with PyTorch's default initialisation, from whatever state libtorch's global generator is in.</summary>
    public NoisePredictor Build() => GlobalGenerator.Exclusively(Create);

    /// <summary>Builds the network with PyTorch's default initialisation from the global generator seeded with <paramref name="seed"/>.</summary>
    public NoisePredictor Build(long seed) => GlobalGenerator.Exclusively(seed, Create);

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
