using static TorchSharp.torch;

namespace ScoreProbe.Neural.Evaluation;

/// <summary>
/// The ratio-free part of xi at one timestep (seed 004, eq. (15)): the noised data points <c>x_t</c> and, per point,
/// <c>d gbar_t^2 (s_theta(x_t) + z / b) . x_t / (eps_L + |x_t|^2)</c>. xi is the mean of <c>(u_t/v_t)(x_t)</c> times these values,
/// so several ratio estimates can be compared on the very same points (<see cref="SiemEvaluator.Xi"/>).
/// </summary>
/// <param name="Timestep">diffusers timestep t.</param>
/// <param name="Points"><c>x_t</c>, <c>[N, ...]</c>.</param>
/// <param name="Values">The per-point values, <c>[N]</c>, double precision.</param>
public sealed record SiemIntegrand(int Timestep, Tensor Points, Tensor Values) : IDisposable
{
    public void Dispose()
    {
        Points.Dispose();
        Values.Dispose();
    }
}
