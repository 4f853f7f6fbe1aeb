namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// SIEM and <c>||mu_t||</c> of one range from the xi points a study cached, with the ranges <see cref="SiemEvaluator"/>
/// summarises (999..0, and 999..900 filtered on its own).
/// </summary>
public static class StudySiem
{
    /// <param name="options">The SIEM settings the points were evaluated with (their grids).</param>
    /// <param name="timesteps">T.</param>
    /// <param name="points">xi at the evaluated timesteps (both grids).</param>
    /// <param name="range">Which grid: 999..0 at <see cref="SiemOptions.Stride"/> or 999..900 at <see cref="SiemOptions.FirstStride"/>.</param>
    public static SiemSummary Summarise(SiemOptions options, int timesteps, IReadOnlyList<SiemPoint> points, SiemRange range)
    {
        var byTimestep = points.ToDictionary(p => p.Timestep, p => p.Xi);
        var (grid, low) = range == SiemRange.Full
            ? (options.FullTimesteps(timesteps), 0)
            : (options.FirstTimesteps(timesteps), timesteps - SiemOptions.FirstRangeLength(timesteps));
        var xi = grid.Select(t => byTimestep.TryGetValue(t, out var value)
            ? value
            : throw new InvalidDataException($"the cached evaluation has no xi at timestep {t}")).ToArray();
        return SiemStatistic.Summarise(grid, xi, low, timesteps - 1, timesteps, options.FilterSigmaSteps);
    }
}
