using ScoreProbe.Core.Samplers;

namespace ScoreProbe.Core.Propagation;

/// <summary>
/// Reads <c>X_k = StateWeight X_{k+1} + ScoreWeight s_hat(X_{k+1}) + noise</c> off a sampler whose step evaluates the score once, at
/// its input state. The score error then enters as <c>ScoreWeight (-Delta X + delta)</c> (DESIGN.md: <c>h c g^2</c> for the alpha family).
/// </summary>
public readonly record struct SingleStageCoefficients(double StateWeight, double ScoreWeight)
{
    /// <summary>Null when the sampler evaluates the score more than once per step (Heun, RK4).</summary>
    public static SingleStageCoefficients? TryRead(IReverseSampler sampler, in StepContext step)
    {
        var multiStage = false;
        var form = sampler.Step(new Form(1, 0), step, (x, _) =>
        {
            if (x != new Form(1, 0)) multiStage = true;
            return new Form(0, 1);
        });
        return multiStage || sampler.StageTimes(step).Count != 1 ? null : new SingleStageCoefficients(form.State, form.Score);
    }

    private readonly record struct Form(double State, double Score) : IAffineState<Form>
    {
        public static Form operator +(Form l, Form r) => new(l.State + r.State, l.Score + r.Score);
        public static Form operator *(double s, Form f) => new(s * f.State, s * f.Score);
    }
}
