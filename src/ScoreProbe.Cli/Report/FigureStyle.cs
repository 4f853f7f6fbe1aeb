using ScottPlot;

namespace ScoreProbe.Cli.Report;

/// <summary>
/// The look shared by every figure: size, fonts, palette (Okabe–Ito, distinguishable under colour-vision deficiency
/// and in grey-scale print), line widths. Change it here and every figure follows.
/// </summary>
public static class FigureStyle
{
    public const int Width = 800;
    public const int Height = 560;

    // Sized to stay legible when the page shows two figures side by side (about 0.8 scale).
    public const float TitleSize = 22;
    public const float AxisLabelSize = 19;
    public const float TickLabelSize = 16;
    public const float LegendSize = 15;
    public const float LineWidth = 2.2f;
    public const float MarkerSize = 8;
    public const double BandOpacity = 0.22;

    /// <summary>Okabe &amp; Ito (2008) "Color Universal Design", yellow left out: it vanishes on white.</summary>
    public static readonly IReadOnlyList<Color> Palette =
    [
        Color.FromHex("#0072B2"), // blue
        Color.FromHex("#D55E00"), // vermilion
        Color.FromHex("#009E73"), // bluish green
        Color.FromHex("#CC79A7"), // reddish purple
        Color.FromHex("#E69F00"), // orange
        Color.FromHex("#56B4E9"), // sky blue
        Color.FromHex("#000000"), // black
    ];

    public static Color SeriesColor(int index) => Palette[index % Palette.Count];

    /// <summary>
    /// A sans-serif family that exists on this machine (Debian ships DejaVu with its base fonts). With no font at all
    /// the PNG loses its text but the SVG, which names the family and lets the browser substitute, does not.
    /// </summary>
    public static string FontName { get; } =
        new[] { "DejaVu Sans", "Liberation Sans", "Noto Sans", "Arial", "Helvetica" }
            .FirstOrDefault(SkiaSharp.SKFontManager.Default.FontFamilies.Contains) ?? Fonts.Default;
}
