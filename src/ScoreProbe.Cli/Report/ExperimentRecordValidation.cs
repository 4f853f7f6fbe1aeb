using System.Text.RegularExpressions;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// What JSON deserialisation cannot check: required fields present, array lengths consistent, names usable as
/// file names and anchors. A record with a problem is left out of the report with a warning naming the problem.
/// </summary>
public static partial class ExperimentRecordValidation
{
    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]*$")]
    private static partial Regex SafeName();

    /// <summary>The problems of <paramref name="record"/>, empty when it can be rendered.</summary>
    public static IReadOnlyList<string> Problems(ExperimentRecord record)
    {
        var problems = new List<string>();
        if (record.Name is null || !SafeName().IsMatch(record.Name))
            problems.Add($"name '{record.Name}' must be letters, digits, '-', '_', '.' (it names files)");
        if (string.IsNullOrWhiteSpace(record.Title)) problems.Add("title is missing");
        if (string.IsNullOrWhiteSpace(record.Claim)) problems.Add("claim is missing");
        if (record.Verdict is null) problems.Add("verdict is missing");
        else if (record.Verdict.Summary is null) problems.Add("verdict.summary is missing");

        foreach (var number in record.Numbers)
            if (string.IsNullOrWhiteSpace(number.Name)) problems.Add("a number has no name");
        foreach (var duplicate in record.Figures.GroupBy(f => f.Id).Where(g => g.Count() > 1))
            problems.Add($"figure id '{duplicate.Key}' is used {duplicate.Count()} times");
        foreach (var figure in record.Figures) problems.AddRange(FigureProblems(figure).Select(p => $"figure '{figure.Id}': {p}"));
        foreach (var table in record.Tables) problems.AddRange(TableProblems(table).Select(p => $"table '{table.Title}': {p}"));
        foreach (var image in record.Images) problems.AddRange(ImageProblems(image).Select(p => $"image '{image.Id}': {p}"));
        return problems;
    }

    private static IEnumerable<string> ImageProblems(ImageRecord image)
    {
        if (image.Id is null || !SafeName().IsMatch(image.Id)) yield return "id must be letters, digits, '-', '_', '.'";
        if (image.Title is null) yield return "title is missing";
        if (image.File is null || Path.IsPathRooted(image.File) || image.File.Split('/').Contains("..") || !image.File.EndsWith(".png", StringComparison.Ordinal))
            yield return $"file '{image.File}' must be a .png path inside the record's folder";
    }

    private static IEnumerable<string> FigureProblems(FigureRecord figure)
    {
        if (figure.Id is null || !SafeName().IsMatch(figure.Id))
            yield return "id must be letters, digits, '-', '_', '.' (it names files)";
        if (figure.Title is null) yield return "title is missing";
        if (!Enum.IsDefined(figure.Kind)) yield return $"kind {(int)figure.Kind} is not one of lines, loglog_fit, heatmap, scatter";

        if (figure.Kind == FigureKind.Heatmap)
        {
            if (figure.Heatmap is null) { yield return "kind heatmap needs a heatmap block"; yield break; }
            foreach (var problem in HeatmapProblems(figure.Heatmap)) yield return problem;
            yield break;
        }

        if (figure.Series.Count == 0) yield return "has no series";
        foreach (var series in figure.Series)
        {
            if (series.X is null || series.Y is null) { yield return $"series '{series.Label}' needs x and y"; continue; }
            if (!Enum.IsDefined(series.Style)) yield return $"series '{series.Label}' has an unknown style";
            if (series.X.Length != series.Y.Length)
                yield return $"series '{series.Label}' has {series.X.Length} x but {series.Y.Length} y values";
            if ((series.Lower is null) != (series.Upper is null))
                yield return $"series '{series.Label}' needs both lower and upper for a band, or neither";
            else if (series.Lower is not null && (series.Lower.Length != series.X.Length || series.Upper!.Length != series.X.Length))
                yield return $"series '{series.Label}' band has {series.Lower.Length}/{series.Upper!.Length} values for {series.X.Length} points";
        }
        foreach (var fit in figure.Fits)
        {
            if (!(double.IsFinite(fit.Slope) && double.IsFinite(fit.Intercept)))
                yield return $"fit '{fit.Label}' has a non-finite slope or intercept";
            if (!(fit.XMin < fit.XMax) || !AxisScale.IsPlottable(fit.XMin, figure.LogX) || !AxisScale.IsPlottable(fit.XMax, figure.LogX))
                yield return $"fit '{fit.Label}' range [{fit.XMin}, {fit.XMax}] is empty or not on the x axis";
        }
    }

    private static IEnumerable<string> HeatmapProblems(HeatmapRecord heatmap)
    {
        if (heatmap.Values is null || heatmap.Values.Length == 0 || heatmap.Values[0] is null || heatmap.Values[0].Length == 0)
        {
            yield return "heatmap values are empty";
            yield break;
        }
        var columns = heatmap.Values[0].Length;
        if (heatmap.Values.Any(row => row is null || row.Length != columns)) yield return "heatmap rows differ in length";
        if (heatmap.X is not null && heatmap.X.Length != columns)
            yield return $"heatmap x has {heatmap.X.Length} values for {columns} columns";
        if (heatmap.Y is not null && heatmap.Y.Length != heatmap.Values.Length)
            yield return $"heatmap y has {heatmap.Y.Length} values for {heatmap.Values.Length} rows";
        if (heatmap.X is not null && !IsEvenlySpaced(heatmap.X)) yield return "heatmap x must be finite, increasing and evenly spaced";
        if (heatmap.Y is not null && !IsEvenlySpaced(heatmap.Y)) yield return "heatmap y must be finite, increasing and evenly spaced";
    }

    // The renderer places cells from the first and last centre only, so uneven spacing would be drawn wrongly.
    private static bool IsEvenlySpaced(double[] centres)
    {
        if (centres.Length == 0 || !centres.All(double.IsFinite)) return false;
        if (centres.Length == 1) return true;
        var step = (centres[^1] - centres[0]) / (centres.Length - 1);
        var tolerance = 1e-6 * Math.Abs(step);
        return step > 0 && centres.Select((c, i) => Math.Abs(c - (centres[0] + i * step))).All(d => d <= tolerance);
    }

    private static IEnumerable<string> TableProblems(TableRecord table)
    {
        if (table.Columns is null || table.Rows is null) { yield return "needs columns and rows"; yield break; }
        for (var r = 0; r < table.Rows.Count; r++)
            if (table.Rows[r] is null || table.Rows[r].Count != table.Columns.Count)
                yield return $"row {r} has {table.Rows[r]?.Count ?? 0} cells for {table.Columns.Count} columns";
    }
}
