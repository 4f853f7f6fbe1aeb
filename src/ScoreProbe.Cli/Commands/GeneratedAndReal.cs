using System.Diagnostics;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Core;
using ScoreProbe.Core.Validation;
using ScoreProbe.Neural.Data;
using ScoreProbe.Neural.Diffusion;
using ScoreProbe.Neural.Evaluation;
using ScoreProbe.Neural.IO;
using ScoreProbe.Neural.Pretrained;
using static TorchSharp.torch;

namespace ScoreProbe.Cli.Commands;

/// <summary>
/// What <c>fid</c> and <c>w2</c> compare. Generated: a sample set on disk (<c>--generated</c>) or n samples of a model
/// (<c>--checkpoint</c>, a ScoreProbe checkpoint or diffusers folder) with its full DDPM schedule (progress shown).
/// Real: a sample set (<c>--real</c>) or n examples of a checkpoint's data drawn by the same rule as <c>study</c>, so that
/// the commands agree for the same seed.
/// </summary>
internal sealed class GeneratedAndReal : IDisposable
{
    private GeneratedAndReal(Tensor generated, Tensor real, double samplingSeconds, string description) =>
        (Generated, Real, SamplingSeconds, Description) = (generated, real, samplingSeconds, description);

    public Tensor Generated { get; }

    public Tensor Real { get; }

    public double SamplingSeconds { get; }

    /// <summary>Where the generated samples came from.</summary>
    public string Description { get; }

    public static Tensor ReadReal(string? realPath, ModelSource? source, int count, ulong seed, string cacheDirectory, bool unitRange)
    {
        if (realPath is not null) return SampleSet.Read(realPath, "real", unitRange);
        var data = source?.DataSpec ?? throw new InvalidConfigurationException("real",
            "is needed: this model does not say what data it was trained on; pass a PNG folder or .npy/.npz of real samples");
        return ReferenceData.DrawForEvaluation(ReferenceData.Open(data, cacheDirectory), count, seed);
    }

    public static GeneratedAndReal Draw(string command, string? generatedPath, ModelSource? source, Func<int, Tensor> real, int count, ulong seed, bool unitRange)
    {
        if (generatedPath is not null)
        {
            var samples = SampleSet.Read(generatedPath, "generated", unitRange);
            return new GeneratedAndReal(samples, real((int)samples.shape[0]), 0, generatedPath);
        }
        var model = source ?? throw new InvalidConfigurationException($"{command} needs --checkpoint or --generated");
        EnsureSamplesFit(count, model.Model.Config.SampleShape);
        var clock = Stopwatch.StartNew();
        var scheduler = model.Scheduler.Create("ddpm");
        var steps = scheduler.Schedule.Length;
        using var generated = new ProgressReporter().Run($"{command}: sampling ({steps} steps)", (count + 255) / 256 * steps, report =>
            new Sampler(scheduler).Sample(model.Model, count, steps, seed, progress: (done, _) => report(done, null)));
        var seconds = clock.Elapsed.TotalSeconds;
        return new GeneratedAndReal(generated.Samples.clone(), real(count), seconds, model.Description);
    }

    /// <summary>
    /// Generated and real sets, a copy and the features live at once: about four float32 copies of
    /// <paramref name="count"/> samples, which must fit in the <see cref="MemoryBudget"/>.
    /// </summary>
    private static void EnsureSamplesFit(int count, long[] sampleShape)
    {
        var perSample = 4.0 * sizeof(float) * sampleShape.Aggregate(1L, (a, b) => a * b);
        MemoryBudget.Require("n", count * perSample, available =>
            $"= {count} samples of [{string.Join(", ", sampleShape)}] need about {count * perSample / 1e9:G3} GB, more than half of the " +
            $"{available / 1e9:G3} GB this process may use; use at most {(long)(available / 2.0 / perSample)}");
    }

    public void Dispose()
    {
        Generated.Dispose();
        Real.Dispose();
    }
}
