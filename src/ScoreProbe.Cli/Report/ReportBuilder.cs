using ScoreProbe.Core;
using ScoreProbe.Core.IO;
using ScoreProbe.Cli.Infrastructure;

namespace ScoreProbe.Cli.Report;

/// <summary>What <see cref="ReportBuilder.Build"/> wrote.</summary>
public sealed record ReportOutcome(string HtmlPath, IReadOnlyList<RenderedExperiment> Experiments, IReadOnlyList<string> Warnings);

/// <summary>
/// <c>scoreprobe report DIR</c>: reads the experiment records in DIR, draws every figure to
/// <c>DIR/figures/NAME-ID.png</c> and <c>.svg</c>, and writes <c>DIR/report.html</c>. Reads nothing but those records and
/// the PNG files their <see cref="ImageRecord"/>s name.
/// </summary>
public static class ReportBuilder
{
    public const string HtmlFileName = "report.html";
    public const string FiguresDirName = "figures";

    /// <summary>
    /// Builds the report. Problems with single files or figures are reported through <paramref name="warn"/> and
    /// skipped; a missing directory or one without any record is a <see cref="InvalidConfigurationException"/>, with nothing written.
    /// </summary>
    public static ReportOutcome Build(string dir, Action<string> warn)
    {
        if (!Directory.Exists(dir))
            throw new InvalidConfigurationException($"results directory '{dir}' does not exist; pass the --out folder of `scoreprobe experiment`");
        var (files, warnings) = ExperimentFile.ReadDirectory(dir);
        var allWarnings = new List<string>(warnings);
        foreach (var warning in warnings) warn(warning);
        if (files.Count == 0)
            throw new InvalidConfigurationException($"no result records in {dir}; run `scoreprobe experiment all --quick --out {dir}` first");

        void Warn(string message)
        {
            allWarnings.Add(message);
            warn(message);
        }
        var experiments = files.Select(file => new RenderedExperiment(file, RenderFigures(file, Warn), LoadImages(dir, file, Warn))).ToArray();

        var figuresDir = Path.Combine(dir, FiguresDirName);
        foreach (var experiment in experiments)
            foreach (var figure in experiment.Figures)
            {
                var stem = Path.Combine(figuresDir, ReportPage.FigureFileStem(experiment.File.Record, figure.Figure));
                AtomicFile.WriteAllBytes(stem + ".png", figure.Png);
                AtomicFile.WriteAllText(stem + ".svg", figure.Svg);
            }

        var htmlPath = Path.Combine(dir, HtmlFileName);
        AtomicFile.WriteAllText(htmlPath, ReportPage.Build(experiments, allWarnings, Path.GetFileName(Path.GetFullPath(dir).TrimEnd('/'))));
        return new ReportOutcome(htmlPath, experiments, allWarnings);
    }

    // A missing picture costs that picture, not the report.
    private static IReadOnlyList<LoadedImage> LoadImages(string dir, ExperimentFile file, Action<string> warn)
    {
        var loaded = new List<LoadedImage>();
        foreach (var image in file.Record.Images)
        {
            var path = Path.Combine(dir, image.File);
            if (File.Exists(path)) loaded.Add(new LoadedImage(image, File.ReadAllBytes(path)));
            else warn($"{file.FileName}: image '{image.Id}' names {image.File}, which does not exist; left out");
        }
        return loaded;
    }

    // A figure ScottPlot cannot draw costs that figure, not the report.
    private static IReadOnlyList<RenderedFigure> RenderFigures(ExperimentFile file, Action<string> warn)
    {
        var rendered = new List<RenderedFigure>();
        foreach (var figure in file.Record.Figures)
        {
            try
            {
                rendered.Add(FigureRenderer.Render(figure));
            }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                warn($"{file.FileName}: figure '{figure.Id}' could not be drawn ({e.GetType().Name}: {e.Message}); left out");
            }
        }
        return rendered;
    }
}
