namespace ScoreProbe.Cli.Report;

/// <summary>Data to plotted coordinates: log10 on a logarithmic axis (where only positive finite values exist), identity otherwise.</summary>
public static class AxisScale
{
    public static bool IsPlottable(double value, bool log) => double.IsFinite(value) && (!log || value > 0);

    public static double ToPlot(double value, bool log) => log ? Math.Log10(value) : value;
}
