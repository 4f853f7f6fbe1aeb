using System.Text;
using System.Text.Json;
using ScoreProbe.Cli.Infrastructure;
using static System.Net.WebUtility;

namespace ScoreProbe.Cli.Report;

/// <summary>An experiment with its figures drawn, ready for the page.</summary>
public sealed record RenderedExperiment(ExperimentFile File, IReadOnlyList<RenderedFigure> Figures, IReadOnlyList<LoadedImage> Images);

/// <summary>A picture of a record with its PNG bytes, read from the results folder.</summary>
public sealed record LoadedImage(ImageRecord Image, byte[] Png);

/// <summary>
/// The static HTML report: a summary table, then per experiment the claim, figures, fitted numbers, checks and
/// verdict, with config and versions folded away. Self-contained: figures are SVG data URIs inside &lt;img&gt;
/// (each image isolated, so ids inside one SVG cannot clash with another), the CSS and the one small script
/// are inline, nothing is fetched. The script counts the figures that decoded into <c>body[data-loaded-count]</c>,
/// which the browser test reads.
/// </summary>
public static class ReportPage
{
    /// <summary>The file name a figure gets under <c>DIR/figures/</c>, without extension.</summary>
    public static string FigureFileStem(ExperimentRecord record, FigureRecord figure) => $"{record.Name}-{figure.Id}";

    public static string Build(IReadOnlyList<RenderedExperiment> experiments, IReadOnlyList<string> warnings, string sourceName)
    {
        var figureCount = experiments.Sum(e => e.Figures.Count);
        var html = new StringBuilder();
        html.Append($$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>ScoreProbe reproduction report</title>
            <style>{{Css}}</style>
            </head>
            <body data-figure-count="{{figureCount}}" data-loaded-count="0">
            <header>
            <h1>ScoreProbe reproduction report</h1>
            <p class="meta">Built from {{experiments.Count}} result record{{(experiments.Count == 1 ? "" : "s")}} in <code>{{HtmlEncode(sourceName)}}</code>
            by scoreprobe {{HtmlEncode(ResultJson.Versions()["scoreprobe"]?.ToString() ?? "")}}. Nothing here was recomputed: every number and figure comes from those files.</p>
            </header>

            """);
        if (warnings.Count > 0) AppendWarnings(html, warnings);
        AppendSummary(html, experiments);
        foreach (var experiment in experiments) AppendExperiment(html, experiment);
        html.Append($"""
            <script>{LoadCounter}</script>
            </body>
            </html>

            """);
        return html.ToString();
    }

    private static void AppendWarnings(StringBuilder html, IReadOnlyList<string> warnings)
    {
        html.Append("<section class=\"warnings\"><h2>Files left out</h2><ul>\n");
        foreach (var warning in warnings) html.Append($"<li>{HtmlEncode(warning)}</li>\n");
        html.Append("</ul></section>\n");
    }

    private static void AppendSummary(StringBuilder html, IReadOnlyList<RenderedExperiment> experiments)
    {
        var reproduced = experiments.Count(e => e.File.Record.Verdict.Reproduced);
        html.Append($"""
            <section class="summary">
            <h2>Summary: {reproduced} of {experiments.Count} claims reproduced</h2>
            <table>
            <thead><tr><th>Experiment</th><th>Verdict</th><th>Key number</th><th>Checks passed</th><th>Run time</th></tr></thead>
            <tbody>

            """);
        foreach (var experiment in experiments)
        {
            var record = experiment.File.Record;
            var checks = record.Verdict.Checks;
            var key = record.Numbers.Count > 0 ? KeyNumber(record.Numbers[0]) : "—";
            html.Append($"""
                <tr><td><a href="#{HtmlEncode(record.Name)}">{HtmlEncode(record.Title)}</a></td><td>{Badge(record.Verdict.Reproduced)}</td><td>{key}</td><td class="num">{checks.Count(c => c.Passed)}/{checks.Count}</td><td class="num">{RunTime(experiment.File.TotalSeconds)}</td></tr>

                """);
        }
        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void AppendExperiment(StringBuilder html, RenderedExperiment experiment)
    {
        var file = experiment.File;
        var record = file.Record;
        html.Append($"""
            <section class="experiment" id="{HtmlEncode(record.Name)}">
            <h2>{HtmlEncode(record.Title)} {Badge(record.Verdict.Reproduced)}</h2>
            <p class="meta"><code>{HtmlEncode(record.Name)}</code> · from <code>{HtmlEncode(file.FileName)}</code>{(file.Command.Length > 0 ? $" · <code>{HtmlEncode(file.Command)}</code>" : "")}</p>
            <blockquote class="claim"><strong>Claim.</strong> {HtmlEncode(record.Claim)}</blockquote>
            <p class="verdict {(record.Verdict.Reproduced ? "ok" : "fail")}"><strong>Verdict.</strong> {HtmlEncode(record.Verdict.Summary)}</p>

            """);
        if (experiment.Figures.Count > 0) AppendFigures(html, record, experiment.Figures);
        if (experiment.Images.Count > 0) AppendImages(html, experiment.Images);
        if (record.Numbers.Count > 0) AppendNumbers(html, record.Numbers);
        if (record.Verdict.Checks.Count > 0) AppendChecks(html, record.Verdict.Checks);
        foreach (var table in record.Tables) AppendTable(html, table);
        AppendProvenance(html, file);
        html.Append("</section>\n");
    }

    private static void AppendImages(StringBuilder html, IReadOnlyList<LoadedImage> images)
    {
        html.Append("<div class=\"images\">\n");
        foreach (var (image, png) in images)
        {
            var caption = image.Caption is null ? "" : " " + HtmlEncode(image.Caption);
            html.Append($"""
                <figure>
                <img alt="{HtmlEncode(image.Title)}" src="data:image/png;base64,{Convert.ToBase64String(png)}">
                <figcaption><strong>{HtmlEncode(image.Title)}.</strong>{caption} <span class="files">(<a href="{HtmlEncode(image.File)}">PNG</a>)</span></figcaption>
                </figure>

                """);
        }
        html.Append("</div>\n");
    }

    private static void AppendFigures(StringBuilder html, ExperimentRecord record, IReadOnlyList<RenderedFigure> figures)
    {
        html.Append("<div class=\"figures\">\n");
        foreach (var rendered in figures)
        {
            var figure = rendered.Figure;
            var stem = FigureFileStem(record, figure);
            var svg = Convert.ToBase64String(Encoding.UTF8.GetBytes(rendered.Svg));
            var caption = figure.Caption is null ? "" : " " + HtmlEncode(figure.Caption);
            html.Append($"""
                <figure>
                <img data-figure-id="{HtmlEncode(stem)}" width="{FigureStyle.Width}" height="{FigureStyle.Height}" alt="{HtmlEncode(figure.Title)}" src="data:image/svg+xml;base64,{svg}">
                <figcaption><strong>{HtmlEncode(figure.Title)}.</strong>{caption} <span class="files">(<a href="figures/{HtmlEncode(stem)}.png">PNG</a>, <a href="figures/{HtmlEncode(stem)}.svg">SVG</a>)</span></figcaption>
                </figure>

                """);
        }
        html.Append("</div>\n");
    }

    private static void AppendNumbers(StringBuilder html, IReadOnlyList<NumberRecord> numbers)
    {
        html.Append("<h3>Fitted numbers</h3>\n<table>\n<thead><tr><th>Quantity</th><th>Value</th><th>95% interval</th><th>Meaning</th></tr></thead>\n<tbody>\n");
        foreach (var n in numbers)
        {
            html.Append($"<tr><td>{HtmlEncode(n.Name)}</td><td class=\"num\">{NumberFormat.Format(n.Value)}</td><td class=\"num\">{Interval(n) ?? "—"}</td><td>{HtmlEncode(n.Description ?? "")}</td></tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendChecks(StringBuilder html, IReadOnlyList<CheckRecord> checks)
    {
        html.Append("<h3>Checks</h3>\n<table>\n<thead><tr><th>Check</th><th>Value</th><th>Target</th><th>Result</th></tr></thead>\n<tbody>\n");
        foreach (var c in checks)
            html.Append($"<tr><td>{HtmlEncode(c.Name)}</td><td class=\"num\">{NumberFormat.Format(c.Value)}</td><td>{HtmlEncode(c.Target)}</td><td>{(c.Passed ? "<span class=\"pass\">✔ pass</span>" : "<span class=\"failtext\">✘ fail</span>")}</td></tr>\n");
        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendTable(StringBuilder html, TableRecord table)
    {
        html.Append($"<h3>{HtmlEncode(table.Title)}</h3>\n<table>\n<thead><tr>");
        foreach (var column in table.Columns) html.Append($"<th>{HtmlEncode(column)}</th>");
        html.Append("</tr></thead>\n<tbody>\n");
        foreach (var row in table.Rows)
        {
            html.Append("<tr>");
            foreach (var cell in row) html.Append(cell.Number is null ? $"<td>{HtmlEncode(cell.ToString())}</td>" : $"<td class=\"num\">{cell}</td>");
            html.Append("</tr>\n");
        }
        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendProvenance(StringBuilder html, ExperimentFile file)
    {
        static string Pretty(System.Text.Json.Nodes.JsonNode? node) =>
            HtmlEncode(node?.ToJsonString(ResultJson.Options) ?? "(not recorded)");
        html.Append($"""
            <details>
            <summary>Configuration, versions and timing</summary>
            <h4>config</h4><pre>{Pretty(file.Config)}</pre>
            <h4>versions</h4><pre>{Pretty(file.Versions)}</pre>
            <h4>timing</h4><pre>{Pretty(file.Timing)}</pre>
            </details>

            """);
    }

    private static string Badge(bool reproduced) =>
        reproduced ? "<span class=\"badge ok\">reproduced</span>" : "<span class=\"badge fail\">not reproduced</span>";

    private static string? Interval(NumberRecord n) =>
        n is { Lower: { } lo, Upper: { } hi } ? $"[{NumberFormat.Format(lo)}, {NumberFormat.Format(hi)}]" : null;

    private static string KeyNumber(NumberRecord n) =>
        $"{HtmlEncode(n.Name)} = {NumberFormat.Format(n.Value)}" + (Interval(n) is { } interval ? " " + interval : "");

    private static string RunTime(double? seconds) => seconds switch
    {
        null => "—",
        < 60 => $"{NumberFormat.Format(seconds.Value, 3)} s",
        _ => $"{(int)(seconds.Value / 60)} min {seconds.Value % 60:0} s",
    };

    private const string LoadCounter = """
        (function () {
          var images = Array.prototype.slice.call(document.querySelectorAll('img[data-figure-id]'));
          function update() {
            var loaded = images.filter(function (i) { return i.complete && i.naturalWidth > 0; }).length;
            document.body.setAttribute('data-loaded-count', String(loaded));
          }
          images.forEach(function (i) {
            i.addEventListener('load', update);
            i.addEventListener('error', function () { i.setAttribute('data-broken', 'true'); update(); });
          });
          update();
        })();
        """;

    private const string Css = """
        :root { --ok: #1a7f37; --fail: #c62828; --ink: #1f2328; --muted: #59636e; --rule: #d8dee4; --band: #f6f8fa; }
        * { box-sizing: border-box; }
        body { font: 16px/1.55 "DejaVu Sans", "Liberation Sans", "Helvetica Neue", Arial, sans-serif; color: var(--ink);
               max-width: 1400px; margin: 0 auto; padding: 24px 28px 64px; }
        h1 { font-size: 1.9em; margin: 0.2em 0; }
        h2 { font-size: 1.4em; margin: 1.6em 0 0.4em; border-bottom: 1px solid var(--rule); padding-bottom: 0.2em; }
        h3 { font-size: 1.08em; margin: 1.3em 0 0.4em; }
        h4 { margin: 0.8em 0 0.2em; font-size: 0.95em; }
        .meta { color: var(--muted); font-size: 0.92em; margin: 0.2em 0; }
        code, pre { font-family: "DejaVu Sans Mono", "Liberation Mono", Menlo, monospace; font-size: 0.88em; }
        pre { background: var(--band); padding: 10px 12px; overflow-x: auto; border-radius: 4px; }
        table { border-collapse: collapse; margin: 0.4em 0 1em; font-size: 0.93em; }
        th, td { border-bottom: 1px solid var(--rule); padding: 5px 12px 5px 0; text-align: left; vertical-align: top; }
        th { border-bottom: 2px solid var(--ink); }
        td.num { font-variant-numeric: tabular-nums; white-space: nowrap; }
        .badge { display: inline-block; font-size: 0.72em; font-weight: bold; letter-spacing: 0.03em; text-transform: uppercase;
                 padding: 2px 9px; border-radius: 999px; color: #fff; vertical-align: middle; white-space: nowrap; }
        .badge.ok { background: var(--ok); } .badge.fail { background: var(--fail); }
        .pass { color: var(--ok); font-weight: bold; } .failtext { color: var(--fail); font-weight: bold; }
        blockquote.claim { margin: 0.8em 0; padding: 8px 14px; border-left: 4px solid #8c959f; background: var(--band); }
        p.verdict { padding: 8px 14px; border-left: 4px solid; margin: 0.8em 0; }
        p.verdict.ok { border-color: var(--ok); } p.verdict.fail { border-color: var(--fail); }
        .figures { display: grid; grid-template-columns: repeat(auto-fill, minmax(560px, 1fr)); gap: 18px 24px; }
        .images { display: grid; grid-template-columns: repeat(auto-fill, minmax(180px, 1fr)); gap: 12px 16px; margin-top: 18px; }
        .images img { width: 100%; height: auto; image-rendering: pixelated; border: 1px solid var(--rule); }
        figure { margin: 0; }
        figure img { width: 100%; height: auto; display: block; border: 1px solid var(--rule); }
        figcaption { font-size: 0.9em; color: var(--muted); margin-top: 4px; }
        .warnings { border: 1px solid #d4a72c; background: #fff8c5; padding: 4px 16px; border-radius: 4px; }
        .warnings h2 { border: none; margin-top: 0.5em; font-size: 1.1em; }
        details { margin: 0.8em 0; } summary { cursor: pointer; color: var(--muted); }
        a { color: #0969da; }
        @media print {
          body { max-width: none; padding: 0; font-size: 11pt; }
          .experiment { break-before: page; }
          figure, table, blockquote { break-inside: avoid; }
          .figures { grid-template-columns: 1fr 1fr; }
          .files, details { display: none; }
          .badge, p.verdict { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
          a { color: inherit; text-decoration: none; }
        }
        """;
}
