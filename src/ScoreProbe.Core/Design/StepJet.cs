using ScoreProbe.Core.Numerics;
using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Design;

/// <summary>
/// One exact-score sampler step from <c>t_{k+1}</c> to <c>t_k</c> per eigen-mode i, <c>x -> Slope_i x + Offset_i + noise</c>, with the
/// score weight q of single-stage samplers (<c>X_k = w X + q s_hat(X)</c>, where the error enters as <c>q (-Delta X + delta)</c>), and
/// the partial derivatives of all of them with respect to the step's two end times. Values and derivatives come from the
/// sampler's own step run on <see cref="ScalarAffine"/> states with one end-time tangent seeded (<see cref="StepContext.FromTangent"/>,
/// <see cref="StepContext.ToTangent"/>): exact, no step size.
/// </summary>
public sealed class StepJet
{
    private StepJet(double[] values, double[] dFrom, double[] dTo, int dimension)
    {
        Values = values;
        DFrom = dFrom;
        DTo = dTo;
        Dimension = dimension;
    }

    /// <summary>Packed <c>[slope_0..d-1, offset_0..d-1, noise variance, score weight]</c>.</summary>
    public double[] Values { get; }

    public double[] DFrom { get; }
    public double[] DTo { get; }
    public int Dimension { get; }

    public Dual Slope(int i, double from, double to) => Get(i, from, to);
    public Dual Offset(int i, double from, double to) => Get(Dimension + i, from, to);
    public Dual NoiseVariance(double from, double to) => Get(2 * Dimension, from, to);
    public Dual ScoreWeight(double from, double to) => Get(2 * Dimension + 1, from, to);

    /// <summary>The entry as a dual number whose tangent follows the end times' tangents <paramref name="from"/> and <paramref name="to"/>.</summary>
    private Dual Get(int index, double from, double to) => new(Values[index], DFrom[index] * from + DTo[index] * to);

    /// <param name="target">p_data (its eigenbasis).</param>
    /// <param name="schedule">The forward schedule.</param>
    /// <param name="sampler">The sampler whose step is read.</param>
    /// <param name="from">t_{k+1}.</param>
    /// <param name="to">t_k.</param>
    /// <param name="singleStage">Whether to read the score weight (single-stage samplers only; NaN otherwise).</param>
    /// <param name="needFrom">Whether t_{k+1} moves (false at the horizon T).</param>
    /// <param name="needTo">Whether t_k moves (false at t_min).</param>
    public static StepJet Compute(GaussianTarget target, IDiffusionSchedule schedule, IReverseSampler sampler, double from, double to,
        bool singleStage, bool needFrom, bool needTo)
    {
        int d = target.Dimension;
        var context = new StepContext(schedule, from, to);
        var fromPass = Evaluate(target, sampler, context with { FromTangent = 1 }, singleStage);
        var toPass = needTo ? Evaluate(target, sampler, context with { ToTangent = 1 }, singleStage) : null;
        var zero = new double[2 * d + 2];
        return new StepJet(fromPass.Select(x => x.Value).ToArray(), needFrom ? fromPass.Select(x => x.Tangent).ToArray() : zero,
            toPass?.Select(x => x.Tangent).ToArray() ?? zero, d);
    }

    /// <summary>The packed entries on one seeded context.</summary>
    private static Dual[] Evaluate(GaussianTarget target, IReverseSampler sampler, StepContext context, bool singleStage)
    {
        int d = target.Dimension;
        var schedule = context.Schedule;
        var packed = new Dual[2 * d + 2];
        var stages = sampler.StageTimeDuals(context);
        for (var i = 0; i < d; i++)
        {
            var mode = i;
            var map = sampler.Step(ScalarAffine.Identity, context, (x, stage) =>
            {
                var t = stages[stage];
                Dual a = schedule.MeanScale(t), precision = 1 / (a * a * target.Eigenvalues[mode] + schedule.NoiseVariance(t)); // eq. (3)
                return x.Score(precision, precision * a * target.MeanInEigenbasis[mode]);
            });
            packed[i] = map.Slope;
            packed[d + i] = map.Offset;
        }
        var noise = sampler.NoiseStdDual(context);
        packed[2 * d] = noise * noise;
        // A single-stage step X_k = w X + q s_hat(X) maps (state 1, score 0) to (w, q) when the score returns the unit score (0, 1).
        packed[2 * d + 1] = singleStage ? sampler.Step(ScalarAffine.Identity, context, (_, _) => new ScalarAffine(0, 1)).Offset : double.NaN;
        return packed;
    }
}
