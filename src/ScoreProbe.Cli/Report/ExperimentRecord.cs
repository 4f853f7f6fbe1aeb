using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using ScoreProbe.Cli.Infrastructure;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// The body of an experiment result file <c>DIR/NAME.json</c>: what the paper claims, whether this run reproduced it,
/// the fitted numbers, the figures (as data, not pictures) and tables. The report is built from these alone.
/// On disk it sits inside the standard envelope of <see cref="ResultJson.Envelope"/>; the schema is in docs/report.md.
/// </summary>
/// <param name="Name">File stem and anchor: letters, digits, '-', '_', '.' (e.g. <c>kernel-vs-mc</c>).</param>
/// <param name="Title">Human title of the experiment.</param>
/// <param name="Claim">The paper's claim in one paragraph, with its section reference ("§8, ...").</param>
/// <param name="Verdict">Whether the claim was reproduced, and the checks that decided it.</param>
/// <param name="Numbers">Named fitted numbers; the first one is the "key number" of the summary table.</param>
/// <param name="Figures">Figures as data; rendered to PNG and SVG by the report.</param>
/// <param name="Tables">Extra tables shown under the figures.</param>
/// <param name="Images">Pictures that are not data plots (sample grids), as PNG files next to the record.</param>
public sealed record ExperimentRecord(
    string Name,
    string Title,
    string Claim,
    VerdictRecord Verdict,
    IReadOnlyList<NumberRecord>? Numbers = null,
    IReadOnlyList<FigureRecord>? Figures = null,
    IReadOnlyList<TableRecord>? Tables = null,
    IReadOnlyList<ImageRecord>? Images = null)
{
    public IReadOnlyList<NumberRecord> Numbers { get; init; } = Numbers ?? [];
    public IReadOnlyList<FigureRecord> Figures { get; init; } = Figures ?? [];
    public IReadOnlyList<TableRecord> Tables { get; init; } = Tables ?? [];
    public IReadOnlyList<ImageRecord> Images { get; init; } = Images ?? [];

    /// <summary>Wall-clock seconds of the experiment's parts; written into the envelope's timing block, never the body.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlyDictionary<string, double> PartSeconds { get; init; } = new Dictionary<string, double>();

    /// <summary>
    /// The full result file: envelope (schema version, command, config, versions, timing) around this record.
    /// Put the wall-clock run time in <c>timing["total_seconds"]</c>: the report's summary table shows it.
    /// </summary>
    public JsonObject ToJson(string command, object config, JsonObject timing) =>
        ResultJson.Envelope(command, config, ResultJson.ToNode(this)!.AsObject(), timing);

    /// <summary>Writes <c>dir/Name.json</c> atomically and returns its path.</summary>
    public string Write(string dir, string command, object config, JsonObject timing)
    {
        var path = Path.Combine(dir, Name + ".json");
        ResultJson.Write(path, ToJson(command, config, timing));
        return path;
    }
}

/// <summary>The outcome: <paramref name="Reproduced"/> is the badge, <paramref name="Summary"/> one or two sentences why.</summary>
public sealed record VerdictRecord(bool Reproduced, string Summary, IReadOnlyList<CheckRecord>? Checks = null)
{
    public IReadOnlyList<CheckRecord> Checks { get; init; } = Checks ?? [];
}

/// <summary>One pass/fail criterion: the measured <paramref name="Value"/> against a <paramref name="Target"/> stated in words
/// (e.g. "slope in [1.9, 2.1]").</summary>
public sealed record CheckRecord(string Name, double Value, string Target, bool Passed);

/// <summary>
/// A named fitted number (a slope, a ratio, a relative error). <paramref name="Lower"/> and <paramref name="Upper"/>
/// bound its 95% confidence interval when one exists; a bound that is not a finite number (a bootstrap over too few points
/// whose resamples have no defined value) is recorded as absent.
/// </summary>
public sealed record NumberRecord(string Name, double Value, double? Lower = null, double? Upper = null, string? Description = null)
{
    public double? Lower { get; init; } = FiniteOrNull(Lower);
    public double? Upper { get; init; } = FiniteOrNull(Upper);

    private static double? FiniteOrNull(double? bound) => bound is { } b && double.IsFinite(b) ? b : null;
}

/// <summary>
/// A picture the report embeds as it is, e.g. a grid of generated samples: <paramref name="File"/> is a PNG path relative to
/// the record's folder (forward slashes, no "..").
/// </summary>
public sealed record ImageRecord(string Id, string Title, string File, string? Caption = null);

/// <summary>What a figure draws; decides the defaults, the renderer treats series, fits and heat maps uniformly.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FigureKind>))]
public enum FigureKind
{
    [JsonStringEnumMemberName("lines")] Lines,
    [JsonStringEnumMemberName("loglog_fit")] LogLogFit,
    [JsonStringEnumMemberName("heatmap")] Heatmap,
    [JsonStringEnumMemberName("scatter")] Scatter,
}

/// <summary>How a series is drawn.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<SeriesStyle>))]
public enum SeriesStyle
{
    [JsonStringEnumMemberName("line")] Line,
    [JsonStringEnumMemberName("markers")] Markers,
    [JsonStringEnumMemberName("line+markers")] LineAndMarkers,
    [JsonStringEnumMemberName("dashed")] Dashed,
}

/// <summary>
/// A figure as data. Axis labels apply to every kind (heat maps included). With <paramref name="LogX"/> or
/// <paramref name="LogY"/> the axis is base-10 logarithmic and non-positive values on it are left out.
/// <paramref name="Id"/> is unique within the experiment (letters, digits, '-', '_', '.': it names files);
/// <paramref name="Caption"/> is an optional paper-style caption printed under the figure.
/// </summary>
public sealed record FigureRecord(
    string Id,
    FigureKind Kind,
    string Title,
    string XLabel,
    string YLabel,
    bool LogX = false,
    bool LogY = false,
    IReadOnlyList<SeriesRecord>? Series = null,
    IReadOnlyList<FitRecord>? Fits = null,
    HeatmapRecord? Heatmap = null,
    string? Caption = null)
{
    public IReadOnlyList<SeriesRecord> Series { get; init; } = Series ?? [];
    public IReadOnlyList<FitRecord> Fits { get; init; } = Fits ?? [];
}

/// <summary>
/// One curve. <paramref name="Lower"/>/<paramref name="Upper"/>, when given, are a confidence band drawn as a shaded area
/// (same length as <paramref name="X"/>).
/// </summary>
public sealed record SeriesRecord(
    string Label,
    double[] X,
    double[] Y,
    double[]? Lower = null,
    double[]? Upper = null,
    SeriesStyle Style = SeriesStyle.Line);

/// <summary>
/// A straight line in the plotted coordinates, u = <paramref name="Intercept"/> + <paramref name="Slope"/> v, with
/// u = log10 x on a log x axis (else x) and v likewise for y: on log-log axes the power law
/// y = 10^Intercept x^Slope. Drawn from <paramref name="XMin"/> to <paramref name="XMax"/> (data units); the legend shows the
/// slope and, when given, its 95% interval [<paramref name="SlopeLower"/>, <paramref name="SlopeUpper"/>].
/// Fit k takes the colour of series k.
/// </summary>
public sealed record FitRecord(
    string Label,
    double Slope,
    double Intercept,
    double XMin,
    double XMax,
    double? SlopeLower = null,
    double? SlopeUpper = null);

/// <summary>
/// A heat map: <c>Values[r][c]</c> is the cell in row r (y, drawn bottom to top) and column c (x, left to right).
/// <paramref name="X"/>/<paramref name="Y"/> optionally give evenly spaced cell-centre coordinates (default: indices).
/// With <paramref name="Diverging"/> the colour map is diverging and centred at 0.
/// </summary>
public sealed record HeatmapRecord(
    double[][] Values,
    string ColorbarLabel,
    bool Diverging = false,
    double[]? X = null,
    double[]? Y = null);

/// <summary>A table of numbers and text; each row has one cell per column.</summary>
public sealed record TableRecord(string Title, IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<TableCell>> Rows);
