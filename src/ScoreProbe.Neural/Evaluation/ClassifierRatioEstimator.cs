using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Models;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>Training settings of the density-ratio classifier; defaults are seed 004, Appendix B.4.</summary>
/// <param name="LearningRate">Adam learning rate (1e-3).</param>
/// <param name="MaxEpochs">Epoch limit (50).</param>
/// <param name="BatchSize">Mini-batch size (512).</param>
/// <param name="Patience">Epochs without a better validation loss before stopping (5).</param>
/// <param name="ValidationFraction">Share of the examples held out for early stopping (0.2).</param>
public sealed record ClassifierTrainingOptions(
    double LearningRate = 1e-3, int MaxEpochs = 50, int BatchSize = 512, int Patience = 5, double ValidationFraction = 0.2)
{
    /// <summary>Throws <see cref="ScoreProbe.Core.InvalidConfigurationException"/> naming the first invalid field.</summary>
    public void Validate()
    {
        Guard.Positive("classifier-learning-rate", LearningRate);
        Guard.AtLeast("classifier-epochs", MaxEpochs, 1);
        Guard.AtLeast("classifier-batch-size", BatchSize, 1);
        Guard.AtLeast("classifier-patience", Patience, 1);
        Guard.InOpenRange("classifier-validation-fraction", ValidationFraction, 0, 1);
    }
}

/// <summary>
/// Density ratio by probabilistic classification (seed 004, Appendix B): a fresh <see cref="DensityRatioNetwork"/> learns
/// to tell generated states (label 1) from noised data (label 0) with BCE-with-logits and Adam, early-stopped on a held-out
/// split (the best validation weights are kept). With class sizes <c>n_u</c>, <c>n_v</c>, the Bayes-optimal logit is
/// <c>log(u/v) + log(n_u/n_v)</c>, so <c>log u/v = logit - log(n_u/n_v)</c>.
/// </summary>
public sealed class ClassifierRatioEstimator(ClassifierTrainingOptions? options = null) : IDensityRatioEstimator
{
    public ClassifierTrainingOptions Options { get; } = options ?? new ClassifierTrainingOptions();

    public string Name => "classifier";

    public IDensityRatio Fit(Tensor generated, Tensor real, int timestep, ulong seed)
    {
        Options.Validate();
        var network = GlobalGenerator.Exclusively((long)(seed % long.MaxValue), () => new DensityRatioNetwork(generated.shape[1..]));
        using var generator = new Generator(seed);
        using var scope = NewDisposeScope();
        var examples = cat([generated, real], 0).to(ScalarType.Float32);
        var labels = cat([ones(generated.shape[0]), zeros(real.shape[0])], 0);
        var order = randperm(examples.shape[0], generator: generator);
        var validationCount = Math.Max(1, (long)Math.Round(Options.ValidationFraction * examples.shape[0]));
        var (validationIndex, trainIndex) = (order.narrow(0, 0, validationCount), order.narrow(0, validationCount, order.shape[0] - validationCount));
        var (trainX, trainY) = (examples.index_select(0, trainIndex), labels.index_select(0, trainIndex));
        var (validationX, validationY) = (examples.index_select(0, validationIndex), labels.index_select(0, validationIndex));

        using var optimizer = optim.Adam(network.parameters(), Options.LearningRate);
        var best = double.PositiveInfinity;
        Dictionary<string, Tensor>? bestState = null;
        var sinceBest = 0;
        for (var epoch = 0; epoch < Options.MaxEpochs && sinceBest < Options.Patience; epoch++)
        {
            network.train();
            using var shuffle = randperm(trainX.shape[0], generator: generator);
            for (long start = 0; start < trainX.shape[0]; start += Options.BatchSize)
            {
                using var step = NewDisposeScope();
                var index = shuffle.narrow(0, start, Math.Min(Options.BatchSize, trainX.shape[0] - start));
                optimizer.zero_grad();
                F.binary_cross_entropy_with_logits(network.forward(trainX.index_select(0, index)), trainY.index_select(0, index)).backward();
                optimizer.step();
            }
            network.eval();
            double loss;
            using (no_grad())
            using (var evaluation = NewDisposeScope())
                loss = F.binary_cross_entropy_with_logits(network.forward(validationX), validationY).item<float>();
            if (loss < best)
            {
                (best, sinceBest) = (loss, 0);
                bestState = network.state_dict().ToDictionary(kv => kv.Key, kv => kv.Value.detach().clone());
            }
            else sinceBest++;
        }
        network.load_state_dict(bestState!);
        foreach (var t in bestState!.Values) t.Dispose();
        network.eval();
        return new ClassifierDensityRatio(network, Math.Log((double)generated.shape[0] / real.shape[0]), best);
    }

    private sealed class ClassifierDensityRatio(DensityRatioNetwork network, double logPriorRatio, double validationLoss) : IDensityRatio
    {
        public double? ValidationLoss => validationLoss;

        public Tensor LogRatio(Tensor x)
        {
            using var noGrad = no_grad();
            using var logits = network.forward(x.to(ScalarType.Float32));
            return logits.to(ScalarType.Float64) - logPriorRatio;
        }

        public void Dispose() => network.Dispose();
    }
}
