using ScoreProbe.Neural.Data;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The real data a model is evaluated against. For MNIST (<c>mnist</c>, <c>mnist16</c>, <c>mnist32</c>, <c>mnist28</c>)
/// and emoji (<c>emoji</c>, <c>emoji:google</c>, <c>emoji:twitter</c>) it is the test split at the training geometry
/// (images the model never saw, as Appendix B.4 uses the test set); for <c>gaussian</c>/<c>gmm</c> fresh draws of the
/// same distribution; for <c>images:PATH</c> the folder itself.
/// </summary>
public static class ReferenceData
{
    /// <summary>Opens the evaluation data for models trained on <paramref name="dataSpec"/>.</summary>
    public static IDataset Open(string dataSpec, string cacheDirectory) => DatasetSpec.Open(dataSpec, cacheDirectory, DataSplit.Test);

    /// <summary>
    /// The real examples an evaluation with <paramref name="evaluationSeed"/> compares against: <see cref="Draw"/> with a
    /// generator offset from the seed, so that they do not reuse the sampler's noise stream.
    /// </summary>
    public static Tensor DrawForEvaluation(IDataset data, int count, ulong evaluationSeed)
    {
        using var generator = new Generator(evaluationSeed + 0x9E3779B9UL);
        return Draw(data, count, generator);
    }

    /// <summary>
    /// <paramref name="count"/> real examples: distinct images (a random subset) when a finite image set holds enough,
    /// otherwise draws from the data set.
    /// </summary>
    public static Tensor Draw(IDataset data, int count, Generator generator)
    {
        if (data is not ImageDataset images || count > images.Count) return data.Sample(count, generator);
        using var order = randperm(images.Count, generator: generator);
        using var subset = order.narrow(0, 0, count);
        return images.Images.index_select(0, subset);
    }
}
