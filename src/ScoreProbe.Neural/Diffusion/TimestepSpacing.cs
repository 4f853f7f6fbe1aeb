namespace ScoreProbe.Neural.Diffusion;

/// <summary>diffusers' <c>timestep_spacing</c>: how <c>set_timesteps(n)</c> picks n of the T training timesteps (their Table 2 of Lin et al. 2024).</summary>
public enum TimestepSpacing
{
    /// <summary><c>k * (T / n) + steps_offset</c>, k = n-1 .. 0 (integer division); diffusers' default.</summary>
    Leading,
    /// <summary><c>round(T - k T / n) - 1</c>, k = 0 .. n-1: always starts at T - 1.</summary>
    Trailing,
    /// <summary><c>round(linspace(0, T - 1, n))</c>, descending.</summary>
    Linspace,
}

public static class TimestepSpacings
{
    /// <summary>The visited timesteps, in visiting (descending) order.</summary>
    public static IReadOnlyList<int> Timesteps(this TimestepSpacing spacing, int trainSteps, int inferenceSteps, int stepsOffset)
    {
        Core.Validation.Guard.InRange("steps", inferenceSteps, 1, trainSteps, $"the schedule has {trainSteps} training timesteps");
        var steps = new int[inferenceSteps];
        switch (spacing)
        {
            case TimestepSpacing.Leading:
                var stride = trainSteps / inferenceSteps;
                for (var k = 0; k < inferenceSteps; k++) steps[k] = (inferenceSteps - 1 - k) * stride + stepsOffset;
                break;
            case TimestepSpacing.Trailing:
                // numpy: round(arange(T, 0, -T/n)) - 1; numpy's arange fills start + k * delta with delta = (start + step) - start.
                var delta = (trainSteps + -((double)trainSteps / inferenceSteps)) - trainSteps;
                for (var k = 0; k < inferenceSteps; k++) steps[k] = (int)Math.Round(trainSteps + k * delta, MidpointRounding.ToEven) - 1;
                break;
            default:
                // numpy.linspace(0, T-1, n): k * (T-1)/(n-1), the last point exactly T-1; round half to even.
                for (var k = 0; k < inferenceSteps; k++)
                {
                    var value = inferenceSteps == 1 ? 0 : k == inferenceSteps - 1 ? trainSteps - 1 : k * ((trainSteps - 1.0) / (inferenceSteps - 1));
                    steps[inferenceSteps - 1 - k] = (int)Math.Round(value, MidpointRounding.ToEven);
                }
                break;
        }
        return steps;
    }
}
