using ScoreProbe.Core.IO;
using System.Text.Json;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Native;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>Where a trained digit classifier came from and how well it classifies the held-out digits.</summary>
/// <param name="ImageSide">Side of the images it was trained on (16, 28 or 32).</param>
/// <param name="TestAccuracy">Fraction of the MNIST test split classified correctly.</param>
/// <param name="Epochs">Passes over the training split.</param>
/// <param name="TrainImages">Digits it was trained on (MNIST train split).</param>
/// <param name="TestImages">Digits the accuracy was measured on (MNIST test split).</param>
/// <param name="Seed">Seed of the initial weights and the batch order.</param>
public sealed record DigitClassifierInfo(int ImageSide, double TestAccuracy, int Epochs, int TrainImages, int TestImages, ulong Seed);

/// <summary>
/// The default MNIST feature network: a <see cref="DigitClassifier"/> trained once on the digits' labels (train split,
/// Adam 1e-3, batch 128, <see cref="Epochs"/> epochs, seed 0) and cached as <c>CACHE/feature-networks/mnistS-cnn.bin</c>
/// with its test accuracy in <c>mnistS-cnn.json</c>; later calls load the cached weights (retraining when the cache was
/// written with other settings).
/// </summary>
public sealed class DigitFeatureNetwork : IFeatureExtractor, IDisposable
{
    public const int Epochs = 10;
    private const int BatchSize = 128;
    private const ulong TrainingSeed = 0;

    private readonly DigitClassifier _classifier;

    private DigitFeatureNetwork(DigitClassifier classifier, DigitClassifierInfo info)
    {
        _classifier = classifier;
        Info = info;
    }

    public DigitClassifierInfo Info { get; }

    public string Name => $"mnist{Info.ImageSide}-cnn";

    /// <summary>
    /// Loads the cached classifier for <paramref name="geometry"/>, or trains and caches it (a few seconds on a CPU).
    /// <paramref name="log"/> hears about training.
    /// </summary>
    public static DigitFeatureNetwork LoadOrTrain(string cacheDirectory, ImageGeometry geometry, Action<string>? log = null)
    {
        NativeLoader.EnsureLoaded();
        var side = geometry switch { ImageGeometry.Resize16 => 16, ImageGeometry.Pad32 => 32, _ => 28 };
        var folder = Path.Combine(cacheDirectory, "feature-networks");
        var weights = Path.Combine(folder, $"mnist{side}-cnn.bin");
        var infoPath = Path.Combine(folder, $"mnist{side}-cnn.json");
        var classifier = new DigitClassifier();
        var cached = File.Exists(weights) && File.Exists(infoPath)
            ? JsonSerializer.Deserialize<DigitClassifierInfo>(File.ReadAllText(infoPath), NeuralJson.Options)
            : null;
        // A cache written with other training settings is replaced, so FIDs always come from the documented network.
        if (cached is not null && cached.Epochs == Epochs && cached.Seed == TrainingSeed)
        {
            classifier.load(weights);
            classifier.eval();
            return new DigitFeatureNetwork(classifier, cached);
        }

        var mnist = new MnistPackage(cacheDirectory);
        using var train = mnist.Load(MnistSplit.Train, geometry);
        using var test = mnist.Load(MnistSplit.Test, geometry);
        log?.Invoke($"training the MNIST feature classifier ({side}x{side}, {train.Count} digits, {Epochs} epochs)");
        Train(classifier, train);
        var info = new DigitClassifierInfo(side, Accuracy(classifier, test), Epochs, (int)train.Count, (int)test.Count, TrainingSeed);
        AtomicFile.Write(weights, s => { using var w = new BinaryWriter(s, System.Text.Encoding.UTF8, leaveOpen: true); classifier.save(w); });
        AtomicFile.Write(infoPath, s => JsonSerializer.Serialize(s, info, NeuralJson.Options));
        log?.Invoke($"feature classifier test accuracy {info.TestAccuracy:P2}, cached in {weights}");
        return new DigitFeatureNetwork(classifier, info);
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

    private static void Train(DigitClassifier classifier, ImageDataset data)
    {
        manual_seed((long)TrainingSeed);
        classifier.train();
        using var labels = tensor(data.Labels!.Select(l => (long)l).ToArray());
        using var optimizer = optim.Adam(classifier.parameters(), 1e-3);
        using var generator = new Generator(TrainingSeed);
        for (var epoch = 0; epoch < Epochs; epoch++)
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

    private static double Accuracy(DigitClassifier classifier, ImageDataset data)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var predicted = classifier.forward(data.Images).argmax(1);
        var truth = tensor(data.Labels!.Select(l => (long)l).ToArray());
        return predicted.eq(truth).to(ScalarType.Float64).mean().item<double>();
    }
}
