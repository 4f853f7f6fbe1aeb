using System.Globalization;
using ScoreProbe.Core;

namespace ScoreProbe.Neural.Diffusion;

/// <summary>
/// An explicit list of visited timesteps, as diffusers' <c>set_timesteps(timesteps=[...])</c> takes it: strictly descending, each in
/// [0, N-1]. The step from entry k goes to entry k + 1 and the last one to clean data (diffusers' <c>previous_timestep</c> for custom
/// lists), which for the leading spacing is the same as its <c>t - N // n</c>.
/// </summary>
public static class CustomTimesteps
{
    /// <summary>Parses a comma list (<c>999,899,...,0</c>) and validates it (parameter <c>timesteps</c>).</summary>
    public static int[] Parse(string text, int trainSteps)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries);
        var list = new int[parts.Length];
        for (var k = 0; k < parts.Length; k++)
            if (!int.TryParse(parts[k], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out list[k]))
                throw new InvalidConfigurationException("timesteps", $"must be a comma list of integer timesteps, descending, in [0, {trainSteps - 1}] (got '{parts[k]}' in '{text}')");
        return Validate(list, trainSteps);
    }

    /// <summary>Checks that the list is non-empty, strictly descending and in [0, N-1].</summary>
    public static int[] Validate(IReadOnlyList<int> timesteps, int trainSteps)
    {
        if (timesteps.Count == 0) throw new InvalidConfigurationException("timesteps", "must list at least one timestep");
        for (var k = 0; k < timesteps.Count; k++)
        {
            if (timesteps[k] < 0 || timesteps[k] >= trainSteps)
                throw new InvalidConfigurationException("timesteps", $"entry {k} is {timesteps[k]}; timesteps lie in [0, {trainSteps - 1}] for a schedule of {trainSteps} training steps");
            if (k > 0 && timesteps[k] >= timesteps[k - 1])
                throw new InvalidConfigurationException("timesteps", $"must be strictly descending and distinct (entry {k} is {timesteps[k]} after {timesteps[k - 1]})");
        }
        return timesteps.ToArray();
    }

    /// <summary>The comma form <see cref="Parse"/> reads.</summary>
    public static string Format(IReadOnlyList<int> timesteps) => string.Join(",", timesteps.Select(t => t.ToString(CultureInfo.InvariantCulture)));
}
