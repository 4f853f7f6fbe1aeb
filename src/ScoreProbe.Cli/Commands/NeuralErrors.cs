using ScoreProbe.Core;
using ScoreProbe.Cli.Infrastructure;
using ScoreProbe.Neural.Data;

namespace ScoreProbe.Cli.Commands;

/// <summary>Maps the Neural engine's input errors (missing data, bad shapes, bad configs) to one-line usage errors.</summary>
internal static class NeuralErrors
{
    public static int Guard(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (DataUnavailableException e)
        {
            throw new InvalidConfigurationException(e.Message);
        }
        catch (ArgumentException e)
        {
            throw new InvalidConfigurationException(e.Message);
        }
    }
}
