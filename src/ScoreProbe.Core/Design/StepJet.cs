using ScoreProbe.Core.Propagation;
using ScoreProbe.Core.Samplers;
using ScoreProbe.Core.Schedules;
using ScoreProbe.Core.Targets;

namespace ScoreProbe.Core.Design;

/// <summary>
/// One exact-score sampler step from <c>t_{k+1}</c> to <c>t_k</c> per eigen-mode i, <c>x -> Slope_i x + Offset_i + noise</c>, with the
/// score weight q of single-stage samplers (<c>X_k = w X + q s_hat(X)</c>, where the error enters as <c>q (-Delta X + delta)</c>), and
/// the partial derivatives of all of them with respect to the step's two end times. The values come from the sampler's own
/// generic step (<see cref="ScalarAffine"/> states); the partials from <see cref="LocalDerivative"/>.
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
        double[] Evaluate(double tFrom, double tTo)
        {
            var context = new StepContext(schedule, tFrom, tTo);
            var packed = new double[2 * d + 2];
            for (var i = 0; i < d; i++)
            {
                var mode = i;
                var map = sampler.Step(ScalarAffine.Identity, context, (x, stage) =>
                {
                    var t = sampler.StageTimes(context)[stage];
                    double a = schedule.MeanScale(t), precision = 1 / (a * a * target.Eigenvalues[mode] + schedule.NoiseVariance(t)); // eq. (3)
                    return x.Score(precision, precision * a * target.MeanInEigenbasis[mode]);
                });
                packed[i] = map.Slope;
                packed[d + i] = map.Offset;
            }
            var noise = sampler.NoiseStd(context);
            packed[2 * d] = noise * noise;
            packed[2 * d + 1] = singleStage ? SingleStageCoefficients.TryRead(sampler, context)!.Value.ScoreWeight : double.NaN;
            return packed;
        }

        var width = LocalDerivative.Width * (from - to);
        var zero = new double[2 * d + 2];
        return new StepJet(Evaluate(from, to),
            needFrom ? LocalDerivative.Of(x => Evaluate(x, to), from, width) : zero,
            needTo ? LocalDerivative.Of(x => Evaluate(from, x), to, width) : zero, d);
    }
}
