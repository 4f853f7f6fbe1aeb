using System.Diagnostics;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.Training;
using static TorchSharp.torch;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// What <c>fid</c> and <c>w2</c> compare: n samples of a checkpoint with its full DDPM schedule (progress shown) and n real
/// examples drawn by the same rule as <c>study</c>, so that the three commands agree for the same seed.
/// </summary>
internal sealed class GeneratedAndReal : IDisposable
{
    private GeneratedAndReal(SampleResult generated, Tensor real, double samplingSeconds) =>
        (Generated, Real, SamplingSeconds) = (generated, real, samplingSeconds);

    public SampleResult Generated { get; }

    public Tensor Real { get; }

    public double SamplingSeconds { get; }

    public static GeneratedAndReal Draw(string command, Checkpoint checkpoint, IDataset real, int count, ulong seed)
    {
        var clock = Stopwatch.StartNew();
        var steps = checkpoint.Config.TrainTimesteps;
        var generated = new ProgressReporter().Run($"{command}: sampling ({steps} steps)", (count + 255) / 256 * steps, report =>
            ModelSamples.Generate(checkpoint, count, seed, (done, _) => report(done, null)));
        var seconds = clock.Elapsed.TotalSeconds;
        return new GeneratedAndReal(generated, ReferenceData.DrawForEvaluation(real, count, seed), seconds);
    }

    public void Dispose()
    {
        Generated.Dispose();
        Real.Dispose();
    }
}
