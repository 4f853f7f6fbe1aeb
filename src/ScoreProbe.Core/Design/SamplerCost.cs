using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Validation;

namespace ScoreProbe.Core.Design;

/// <summary>
/// The number of score (network) evaluations, NFE, a sampler spends: counted by running its step and counting the calls.
/// Heun calls the score twice per step and RK4 four times; their stages share evaluation <i>times</i> with the neighbouring
/// steps (t_k ends one step and starts the next) but not evaluations, because the states differ (the corrector's x' is not X_k),
/// so nothing is subtracted. With t_min &gt; 0 there is no final Euler step to sigma = 0 as in EDM's Heun, so NFE = 2K.
/// </summary>
public static class SamplerCost
{
    /// <summary>Score calls in one step (the same for every step of the built-in samplers).</summary>
    public static int EvaluationsPerStep(IReverseSampler sampler, IDiffusionSchedule schedule)
    {
        var calls = 0;
        sampler.Step(ScalarAffine.Identity, new StepContext(schedule, schedule.Horizon, 0.5 * schedule.Horizon), (x, _) =>
        {
            calls++;
            return x;
        });
        return calls;
    }

    /// <summary>The steps K whose cost is exactly <paramref name="nfe"/>; bad input when the sampler cannot meet the budget.</summary>
    public static int StepsForBudget(IReverseSampler sampler, IDiffusionSchedule schedule, int nfe)
    {
        var perStep = EvaluationsPerStep(sampler, schedule);
        Guard.AtLeast("nfe", nfe, perStep, $"one step of {sampler.Name} costs {perStep} score evaluations");
        if (nfe % perStep != 0)
            throw new InvalidConfigurationException("nfe",
                $"{nfe} score evaluations cannot be met by {sampler.Name}, which spends {perStep} per step; use {nfe / perStep * perStep} or {(nfe / perStep + 1) * perStep}");
        return nfe / perStep;
    }
}
