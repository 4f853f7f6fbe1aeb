using System.Security.Cryptography;
using System.Text.Json;
using ScoreProbe.Core.IO;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Native;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>Where a trained feature classifier came from and how well it classifies the held-out images.</summary>
/// <param name="Data">The labelled data set it was trained on (<c>mnist16</c>, <c>emoji32</c>, ...).</param>
/// <param name="Classes">Number of labels (10 digits; 10 emoji groups).</param>
/// <param name="TestAccuracy">Fraction of the test split classified correctly.</param>
/// <param name="Epochs">Passes over the training split.</param>
/// <param name="TrainImages">Images it was trained on (train split).</param>
/// <param name="TestImages">Images the accuracy was measured on (test split).</param>
/// <param name="Seed">Seed of the initial weights and the batch order.</param>
/// <param name="WeightsSha256">SHA-256 of the cached weights file, checked before the weights are loaded.</param>
public sealed record FeatureClassifierInfo(string Data, int Classes, double TestAccuracy, int Epochs, int TrainImages, int TestImages, ulong Seed, string WeightsSha256);

/// <summary>
/// The default FID feature network of a labelled image set (MNIST digits, emoji groups): a <see cref="FeatureClassifier"/>
/// trained once on the train split's labels (Adam 1e-3, batch 128, <see cref="EpochsFor"/> epochs, seed 0) and cached as
/// <c>CACHE/feature-networks/DATA-cnn.bin</c> with its test accuracy and the weights' SHA-256 in <c>DATA-cnn.json</c>.
/// Later calls load the cached weights after checking their hash; a damaged or differently trained cache is retrained,
/// so the cache repairs itself and FIDs always come from the documented network.
/// </summary>
public sealed class ClassifierFeatureNetwork : IFeatureExtractor, IDisposable
{
    private const int BatchSize = 128;
    private const ulong TrainingSeed = 0;

    private readonly FeatureClassifier _classifier;

    private ClassifierFeatureNetwork(FeatureClassifier classifier, FeatureClassifierInfo info)
    {
        _classifier = classifier;
        Info = info;
    }

    public FeatureClassifierInfo Info { get; }

    public string Name => $"{Info.Data}-cnn";

    /// <summary>Training passes: 10 for the 8,000 MNIST digits, 30 for the 6,000 emoji (fewer images, more classes' worth of detail).</summary>
    public static int EpochsFor(string data) => data.StartsWith("emoji", StringComparison.Ordinal) ? 30 : 10;

    /// <summary>
    /// Loads the cached classifier of <paramref name="dataSpec"/>'s labelled images, or trains and caches it (seconds for
    /// MNIST, about a minute for emoji on a CPU). <paramref name="log"/> hears about training.
    /// </summary>
    /// <param name="cacheDirectory">The data cache.</param>
    /// <param name="dataSpec">A labelled image set of <see cref="DatasetSpec"/> (MNIST or emoji).</param>
    /// <param name="log">Hears about training.</param>
    public static ClassifierFeatureNetwork LoadOrTrain(string cacheDirectory, string dataSpec, Action<string>? log = null)
    {
        NativeLoader.EnsureLoaded();
        DataCache.CheckUsable(cacheDirectory);
        using var train = Labelled(dataSpec, cacheDirectory, DataSplit.Train);
        var channels = (int)train.SampleShape[0];
        var classes = train.Labels!.Max() + 1;
        var folder = Path.Combine(cacheDirectory, "feature-networks");
        var weights = Path.Combine(folder, $"{train.Name}-cnn.bin");
        var infoPath = Path.Combine(folder, $"{train.Name}-cnn.json");
        var epochs = EpochsFor(train.Name);
        var classifier = GlobalGenerator.Exclusively((long)TrainingSeed, () => new FeatureClassifier(channels, classes));
        if (ReadCachedInfo(infoPath, weights) is { } cached && cached.Epochs == epochs && cached.Seed == TrainingSeed && cached.Classes == classes)
        {
            classifier.load(weights);
            classifier.eval();
            return new ClassifierFeatureNetwork(classifier, cached);
        }

        using var test = Labelled(dataSpec, cacheDirectory, DataSplit.Test);
        log?.Invoke($"training the {train.Name} feature classifier ({train.Count} images, {classes} classes, {epochs} epochs)");
        Train(classifier, train, epochs);
        AtomicFile.Write(weights, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); classifier.save(w); });
        var info = new FeatureClassifierInfo(train.Name, classes, Accuracy(classifier, test), epochs, (int)train.Count, (int)test.Count, TrainingSeed, FileHash(weights));
        AtomicFile.Write(infoPath, s => JsonSerializer.Serialize(s, info, NeuralJson.Options));
        log?.Invoke($"feature classifier test accuracy {info.TestAccuracy:P2}, cached in {weights}");
        return new ClassifierFeatureNetwork(classifier, info);
    }

    public Tensor Extract(Tensor samples)
    {
        using var noGrad = no_grad();
        var parts = new List<Tensor>();
        for (long start = 0; start < samples.shape[0]; start += 512)
            parts.Add(_classifier.Features(samples.narrow(0, start, Math.Min(512, samples.shape[0] - start))));
        var all = cat(parts, 0);
        foreach (var part in parts) part.Dispose();
        return all;
    }

    public void Dispose() => _classifier.Dispose();

    private static ImageDataset Labelled(string dataSpec, string cacheDirectory, DataSplit split) =>
        DatasetSpec.Open(dataSpec, cacheDirectory, split) is ImageDataset { Labels: not null } images
            ? images
            : throw new ArgumentException($"a feature classifier needs labelled images (MNIST or emoji), not '{dataSpec}'");

    /// <summary>The cached info when it parses and the weights file has the hash it records; null means retrain.</summary>
    private static FeatureClassifierInfo? ReadCachedInfo(string infoPath, string weights)
    {
        if (!File.Exists(infoPath) || !File.Exists(weights)) return null;
        try
        {
            var info = JsonSerializer.Deserialize<FeatureClassifierInfo>(File.ReadAllText(infoPath), NeuralJson.Options);
            return info?.WeightsSha256 is { } hash && hash == FileHash(weights) ? info : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string FileHash(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static void Train(FeatureClassifier classifier, ImageDataset data, int epochs)
    {
        classifier.train();
        using var labels = tensor(data.Labels!.Select(l => (long)l).ToArray());
        using var optimizer = optim.Adam(classifier.parameters(), 1e-3);
        using var generator = new Generator(TrainingSeed);
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            using var order = randperm(data.Count, generator: generator);
            for (long start = 0; start < data.Count; start += BatchSize)
            {
                using var scope = NewDisposeScope();
                var index = order.narrow(0, start, Math.Min(BatchSize, data.Count - start));
                optimizer.zero_grad();
                var loss = F.cross_entropy(classifier.forward(data.Images.index_select(0, index)), labels.index_select(0, index));
                loss.backward();
                optimizer.step();
            }
        }
        classifier.eval();
    }

    private static double Accuracy(FeatureClassifier classifier, ImageDataset data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = classifier.forward(data.Images).argmax(1);
        var truth = tensor(data.Labels!.Select(l => (long)l).ToArray());
        return predicted.eq(truth).to(ScalarType.Float64).mean().item<double>();
    }
}
